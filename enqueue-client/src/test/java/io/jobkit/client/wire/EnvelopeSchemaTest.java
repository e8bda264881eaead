package io.jobkit.client.wire;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.jobkit.client.Backoff;
import io.jobkit.client.JobOptions;
import io.jobkit.client.Priority;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EnvelopeSchemaTest {
    private static final JsonSchema SCHEMA = load();

    static JsonSchema load() {
        try (InputStream in = EnvelopeSchemaTest.class.getResourceAsStream("/jobkit/envelope-v1.schema.json")) {
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static Set<ValidationMessage> validate(String json) throws Exception {
        JsonNode node = EnvelopeCodec.mapper().readTree(json);
        return SCHEMA.validate(node);
    }

    @Test
    void encodedEnvelopes_validateAgainstTheSchema() throws Exception {
        JobOptions options = JobOptions.of(b -> b.priority(Priority.HIGH).maxAttempts(5)
                .backoff(Backoff.linear(Duration.ofSeconds(3), Duration.ofMinutes(2))).timeout(Duration.ofSeconds(30))
                .dedupKey("order-42").tag("team", "billing"));
        Envelope full = new Envelope(1, "019a0000-0000-7000-8000-000000000000", "email.send",
                EnvelopeCodec.mapper().readTree("{\"to\":\"ada@example.com\"}"), EnvelopeCodec.toWire(options, "high"),
                Instant.parse("2026-11-23T10:00:00Z"), Instant.parse("2026-11-23T10:05:00Z"),
                new Envelope.Context("trace-1", "parent-1", null, null));
        assertThat(validate(EnvelopeCodec.encode(full))).isEmpty();

        Envelope minimal = new Envelope(1, null, "ping", EnvelopeCodec.mapper().nullNode(), null, null, null, null);
        assertThat(validate(EnvelopeCodec.encode(minimal))).isEmpty();
    }

    @Test
    void roundTrip_keepsEveryField() {
        JobOptions options = JobOptions.of(b -> b.priority(Priority.LOW).maxAttempts(2).dedupKey("k").tag("a", "b"));
        Envelope e = new Envelope(1, "id-1", "t.x", EnvelopeCodec.mapper().createObjectNode().put("n", 1),
                EnvelopeCodec.toWire(options, "low"), Instant.parse("2026-11-23T10:00:00Z"), null, null);
        Envelope back = EnvelopeCodec.decode(EnvelopeCodec.encode(e));
        assertThat(back).isEqualTo(e);
        // the wire carries the queue the job was routed to
        assertThat(EnvelopeCodec.toOptions(back.options())).isEqualTo(options.toBuilder().queue("low").build());
    }

    @Test
    void schema_rejectsWhatWorkersWouldReject() throws Exception {
        assertThat(validate("{\"v\":2,\"type\":\"a\",\"payload\":1}")).isNotEmpty();
        assertThat(validate("{\"v\":1,\"payload\":1}")).isNotEmpty();
        assertThat(validate("{\"v\":1,\"type\":\"9bad\",\"payload\":1}")).isNotEmpty();
        assertThat(validate("{\"v\":1,\"type\":\"a\",\"payload\":1,\"options\":{\"maxAttempts\":0}}")).isNotEmpty();
    }

    @Test
    void decode_explainsWhatIsWrong() {
        assertThatThrownBy(() -> EnvelopeCodec.decode("not json")).hasMessageStartingWith("message body is not valid JSON");
        assertThatThrownBy(() -> EnvelopeCodec.decode("[1]")).hasMessageStartingWith("message body is JSON but not an object");
        assertThatThrownBy(() -> EnvelopeCodec.decode("{\"type\":\"a\"}")).hasMessageContaining("no envelope version");
        assertThatThrownBy(() -> EnvelopeCodec.decode("{\"v\":3,\"type\":\"a\",\"payload\":{}}"))
                .hasMessageStartingWith("envelope version 3 is not supported; this worker reads version 1");
        assertThatThrownBy(() -> EnvelopeCodec.decode("{\"v\":1,\"payload\":{}}")).hasMessageStartingWith("envelope has no job \"type\"");
        assertThatThrownBy(() -> EnvelopeCodec.decode("{\"v\":1,\"type\":\"a\",\"payload\":{},\"enqueuedAt\":\"yesterday\"}"))
                .hasMessageContaining("envelope field 'enqueuedAt' has the wrong form");
        assertThatThrownBy(() -> EnvelopeCodec.toOptions(new Envelope.Options(null, null, 0, null, null, null, null, null)))
                .hasMessageContaining("envelope options are invalid: maxAttempts 0 is out of range");
    }
}
