package io.jobkit.spring;

import io.jobkit.client.JobClient;
import io.jobkit.client.JobEnqueuer;
import io.jobkit.client.JobStatus;
import io.jobkit.handlers.FailJobException;
import io.jobkit.handlers.JobContext;
import io.jobkit.handlers.JobHandler;
import io.jobkit.testkit.JobkitExtension;
import io.jobkit.testkit.LocalJobkit;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.actuate.autoconfigure.metrics.MetricsAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.metrics.export.simple.SimpleMetricsExportAutoConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.Status;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The starter's context tests against the local cloud: properties, beans, lifecycle, health and meters. */
class JobkitAutoConfigurationIT {

    @RegisterExtension
    static final JobkitExtension JOBKIT = new JobkitExtension();

    record Email(String to) {
    }

    static final List<String> SENT = new CopyOnWriteArrayList<>();

    @JobkitHandler("email.send")
    static final class SendEmail implements JobHandler<Email, String> {
        @Override
        public String handle(Email email, JobContext ctx) {
            SENT.add(email.to());
            return "sent to " + email.to();
        }
    }

    static final class Billing {
        @JobkitHandler("invoice.charge")
        String charge(Email email) {
            if (email.to().startsWith("bad")) throw new FailJobException("card declined");
            return "charged";
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class Handlers {
        @Bean
        SendEmail sendEmail() {
            return new SendEmail();
        }

        @Bean
        Billing billing() {
            return new Billing();
        }
    }

    private ApplicationContextRunner runner() {
        List<String> props = new ArrayList<>();
        JOBKIT.jobkit(JobkitAutoConfigurationIT.class).springProperties().forEach((k, v) -> props.add(k + "=" + v));
        props.add("jobkit.worker.poll-wait=1s");
        props.add("jobkit.worker.shutdown-timeout=5s");
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(JobkitAutoConfiguration.class,
                        MetricsAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class))
                .withPropertyValues(props.toArray(String[]::new));
    }

    @Test
    void properties_configureTheClient_asJobClientAndJobEnqueuer(LocalJobkit jobkit) {
        runner().withPropertyValues("jobkit.worker.enabled=false").run(context -> {
            assertThat(context).hasSingleBean(JobClient.class).doesNotHaveBean(JobkitWorker.class);
            assertThat(context.getBean(JobClient.class).topology().prefix()).isEqualTo(jobkit.topology().prefix());
            assertThat(context.getBean(JobEnqueuer.class)).isSameAs(context.getBean(JobClient.class));
        });
    }

    @Test
    void handlerBeansAndAnnotatedMethods_runOnTheWorker_withHealthAndMeters(LocalJobkit jobkit) {
        runner().withUserConfiguration(Handlers.class).run(context -> {
            JobkitWorker worker = context.getBean(JobkitWorker.class);
            assertThat(worker.isRunning()).isTrue();
            JobEnqueuer jobs = context.getBean(JobEnqueuer.class);
            JobClient client = context.getBean(JobClient.class);

            String email = jobs.enqueue("email.send", new Email("ada@example.com"));
            String charge = jobs.enqueue("invoice.charge", new Email("bad@example.com"), o -> o.maxAttempts(1));

            await().atMost(Duration.ofSeconds(30)).until(() -> client.get(email).orElseThrow().status() == JobStatus.SUCCEEDED
                    && client.get(charge).orElseThrow().status() == JobStatus.FAILED);
            assertThat(SENT).contains("ada@example.com");

            HealthIndicator health = context.getBean("jobkitHealthIndicator", HealthIndicator.class);
            assertThat(health.health().getStatus()).isEqualTo(Status.UP);
            assertThat(health.health().getDetails()).containsKeys("worker", "queues");

            MeterRegistry meters = context.getBean(MeterRegistry.class);
            assertThat(meters.get("jobkit.jobs").tag("type", "email.send").tag("outcome", "succeeded").counter().count()).isEqualTo(1.0);
            assertThat(meters.get("jobkit.jobs").tag("type", "invoice.charge").tag("outcome", "failed").counter().count()).isEqualTo(1.0);
            assertThat(meters.get("jobkit.job.duration").tag("type", "email.send").timer().count()).isEqualTo(1);
            assertThat(meters.get("jobkit.queue.depth").tag("queue", "normal").tag("state", "visible").gauge().value()).isZero();
        });
    }

    @Test
    void queueOverThreshold_makesHealthDown(LocalJobkit jobkit) {
        runner().withPropertyValues("jobkit.worker.enabled=false", "jobkit.health.max-queue-depth=0").run(context -> {
            context.getBean(JobClient.class).enqueue("nobody.serves", new Email("x"), o -> o.queue("low"));
            HealthIndicator health = context.getBean("jobkitHealthIndicator", HealthIndicator.class);
            await().atMost(Duration.ofSeconds(10)).until(() -> health.health().getStatus().equals(Status.DOWN));
        });
    }

    @Test
    void contextClose_stopsTheWorker() {
        JobkitWorker[] seen = new JobkitWorker[1];
        runner().withUserConfiguration(Handlers.class).run(context -> seen[0] = context.getBean(JobkitWorker.class));
        assertThat(seen[0].isRunning()).isFalse();
    }
}
