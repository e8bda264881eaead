package io.jobkit.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class PayloadRedactionTest {
    private final ObjectMapper json = new ObjectMapper();

    private Job job(String type, JsonNode payload) {
        return new Job("j1", type, JobStatus.QUEUED, "normal", Priority.NORMAL, 0, 3, 1, null, null, payload, null,
                null, Instant.EPOCH, Instant.EPOCH, null, null, null, null, null, null, null, false);
    }

    @Test
    void webhookCredentials_areHiddenInTheViewOnly() throws Exception {
        JsonNode stored = json.readTree("""
                {"url":"https://hooks.slack.com/services/T0/B0/s3cr3t?x=1","body":{"a":1},
                 "headers":{"Authorization":"Bearer abc","proxy-authorization":"Basic x","Cookie":"sid=1",
                            "X-Api-Key":"k","X-Auth-Token":"t","Client-Secret":"s","X-Trace":"keep-me"}}""");
        String before = stored.toString();

        Job shown = PayloadRedaction.redact(job("webhook", stored));

        assertThat(shown.payload().toString()).doesNotContain("s3cr3t", "abc", "Basic x", "sid=1", "\"k\"", "\"t\"", "\"s\"");
        assertThat(shown.payload().path("url").asText()).isEqualTo("https://hooks.slack.com/[redacted]");
        assertThat(shown.payload().path("headers").path("Authorization").asText()).isEqualTo("[redacted]");
        assertThat(shown.payload().path("headers").path("X-Trace").asText()).isEqualTo("keep-me");
        assertThat(shown.payload().path("body")).isEqualTo(json.readTree("{\"a\":1}"));
        assertThat(stored.toString()).isEqualTo(before); // the stored value the handler reads is untouched
    }

    @Test
    void otherTypesAndHarmlessPayloads_areUnchanged() throws Exception {
        JsonNode payload = json.readTree("{\"headers\":{\"Authorization\":\"mine\"},\"url\":\"https://x/y\"}");
        Job other = job("report.build", payload);
        assertThat(PayloadRedaction.redact(other)).isSameAs(other);
        Job plain = job("webhook", json.readTree("{\"url\":\"https://hooks.example\",\"headers\":{\"X-Trace\":\"1\"}}"));
        assertThat(PayloadRedaction.redact(plain)).isSameAs(plain);
        assertThat(PayloadRedaction.redactUrl("not a url")).isEqualTo("[redacted]");
    }
}
