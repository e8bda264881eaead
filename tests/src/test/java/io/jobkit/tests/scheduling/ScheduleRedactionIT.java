package io.jobkit.tests.scheduling;

import com.fasterxml.jackson.databind.JsonNode;
import io.jobkit.client.JobClient;
import io.jobkit.client.schedule.ScheduleInfo;
import io.jobkit.tests.support.LocalCloudExtension;
import io.jobkit.tests.support.TestCloud;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 11 point 14: a recurring webhook schedule's credentials are shown redacted, like a job's, wherever the
 * schedule is read back; "trigger now" still enqueues the stored values, not the redacted view.
 */
@ExtendWith(LocalCloudExtension.class)
class ScheduleRedactionIT {

    @Test
    void aWebhookSchedule_readsBackRedacted_butATriggeredFiringCarriesTheRealValues(TestCloud cloud) {
        JobClient client = cloud.client();
        Map<String, Object> payload = Map.of("url", "https://hooks.example.com/services/T000/very-secret",
                "headers", Map.of("Authorization", "Bearer s3cret-token", "X-Team", "payments"),
                "body", Map.of("event", "digest"));

        ScheduleInfo created = client.schedules().upsert(s -> s.name("nightly-hook").type("webhook").payload(payload)
                .expression("0 2 * * *").timeZone("UTC"));

        for (ScheduleInfo shown : new ScheduleInfo[] {created, client.schedules().get("nightly-hook").orElseThrow(),
                client.schedules().list().stream().filter(s -> s.name().equals("nightly-hook")).findFirst().orElseThrow(),
                client.schedules().pause("nightly-hook").orElseThrow()}) {
            JsonNode p = (JsonNode) shown.schedule().payload();
            assertThat(p.path("url").asText()).isEqualTo("https://hooks.example.com/[redacted]");
            assertThat(p.path("headers").path("Authorization").asText()).isEqualTo("[redacted]");
            assertThat(p.path("headers").path("X-Team").asText()).isEqualTo("payments");
        }

        String id = client.schedules().trigger("nightly-hook").orElseThrow();

        String envelope = client.runtime().store().envelope(id).orElseThrow();
        assertThat(envelope).contains("https://hooks.example.com/services/T000/very-secret", "Bearer s3cret-token");
        assertThat(client.get(id).orElseThrow().tags()).containsEntry("jobkit.schedule", "nightly-hook");
        assertThat(client.schedules().trigger("no-such-schedule")).isEmpty();
    }
}
