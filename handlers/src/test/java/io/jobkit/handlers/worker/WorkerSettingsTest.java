package io.jobkit.handlers.worker;

import io.jobkit.client.JobValidationException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WorkerSettingsTest {

    private static Properties file(String... kv) {
        Properties p = new Properties();
        for (int i = 0; i < kv.length; i += 2) p.setProperty(kv[i], kv[i + 1]);
        return p;
    }

    @Test
    void resolve_flagBeatsEnvBeatsFileBeatsDefault() {
        WorkerSettings s = WorkerSettings.resolve(
                Map.of("concurrency", "2"),
                Map.of("JOBKIT_WORKER_CONCURRENCY", "4", "JOBKIT_WORKER_POLL_WAIT", "5s"),
                file("concurrency", "6", "poll-wait", "10s", "queues", "critical,high"));

        assertThat(s.concurrency()).isEqualTo(2);
        assertThat(s.source("concurrency")).isEqualTo("flag --concurrency");
        assertThat(s.pollWait()).isEqualTo(Duration.ofSeconds(5));
        assertThat(s.source("poll-wait")).isEqualTo("env JOBKIT_WORKER_POLL_WAIT");
        assertThat(s.queues()).containsExactly("critical", "high");
        assertThat(s.source("queues")).isEqualTo("config file");
        assertThat(s.shutdownTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(s.source("shutdown-timeout")).isEqualTo("default");
        assertThat(s.healthPort()).isEqualTo(-1);
    }

    @Test
    void resolve_blankValuesFallThrough_andEveryKeyHasItsVariable() {
        WorkerSettings s = WorkerSettings.resolve(Map.of("types", " "),
                Map.of("JOBKIT_WORKER_TYPES", "email.send, sms.send", "JOBKIT_WORKER_ID", "w-1",
                        "JOBKIT_WORKER_SHUTDOWN_TIMEOUT", "1m", "JOBKIT_WORKER_HEALTH_PORT", "8081",
                        "JOBKIT_WORKER_QUEUES", "low"), file());
        assertThat(s.types()).isEqualTo(List.of("email.send", "sms.send"));
        assertThat(s.id()).isEqualTo("w-1");
        assertThat(s.shutdownTimeout()).isEqualTo(Duration.ofMinutes(1));
        assertThat(s.healthPort()).isEqualTo(8081);
        assertThat(s.applyTo(WorkerOptions.builder()).build().queues()).containsExactly("low");
    }

    @Test
    void resolve_badValues_sayWhereTheyCameFrom() {
        assertThatThrownBy(() -> WorkerSettings.resolve(Map.of(), Map.of("JOBKIT_WORKER_CONCURRENCY", "lots"), file()))
                .isInstanceOf(JobValidationException.class).hasMessageContaining("env JOBKIT_WORKER_CONCURRENCY");
        assertThatThrownBy(() -> WorkerSettings.resolve(Map.of(), Map.of(), file("poll-wait", "30s")))
                .hasMessageContaining("config file").hasMessageContaining("0 to 20 s");
        assertThatThrownBy(() -> WorkerSettings.resolve(Map.of(), Map.of(), file("concurency", "3")))
                .hasMessageContaining("'concurency' is not a worker setting");
    }

    @Test
    void describe_listsEveryEffectiveSettingWithItsSource() {
        String text = WorkerSettings.resolve(Map.of("poll-wait", "2s"), Map.of(), file()).describe();
        assertThat(text).contains("poll-wait").contains("2s").contains("(flag --poll-wait)")
                .contains("concurrency").contains("(default)");
    }

    @Test
    void typesAndId_reachTheProcessorOptions_andTheOtherSettingsTheWorkerOptions() {
        WorkerSettings s = WorkerSettings.resolve(Map.of("types", "email.send, sms.send", "id", "notify-1"),
                Map.of("JOBKIT_WORKER_POLL_WAIT", "3s"), file());

        WorkerOptions o = s.applyTo(WorkerOptions.builder()).build();

        assertThat(o.processor().servedTypes()).containsExactlyInAnyOrder("email.send", "sms.send");
        assertThat(o.processor().workerId()).isEqualTo("notify-1");
        assertThat(o.processor().serves("email.send")).isTrue();
        assertThat(o.processor().serves("report.build")).isFalse();
        assertThat(o.pollWait()).isEqualTo(Duration.ofSeconds(3));
        assertThat(s.describe()).contains("types", "email.send, sms.send", "flag --types", "env JOBKIT_WORKER_POLL_WAIT");
    }

    @Test
    void withoutTypes_theWorkerServesEveryTypeItHasAHandlerFor() {
        WorkerOptions o = WorkerSettings.resolve(Map.of(), Map.of(), file()).applyTo(WorkerOptions.builder()).build();
        assertThat(o.processor().servedTypes()).isEmpty();
        assertThat(o.processor().serves("anything")).isTrue();
        assertThat(o.processor().workerId()).startsWith("worker-");
    }

    @Test
    void aBadWorkerIdOrTypeName_isRefused_namingItsSource() {
        assertThatThrownBy(() -> WorkerSettings.resolve(Map.of(), Map.of("JOBKIT_WORKER_ID", "my worker"), file()))
                .isInstanceOf(JobValidationException.class).hasMessageContaining("worker id 'my worker'")
                .hasMessageContaining("env JOBKIT_WORKER_ID");
        assertThatThrownBy(() -> WorkerSettings.resolve(Map.of(), Map.of(), file("types", "email.send,bad type")))
                .isInstanceOf(JobValidationException.class).hasMessageContaining("'bad type'")
                .hasMessageContaining("config file");
    }
}
