package io.jobkit.tests.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import io.jobkit.client.Backoff;
import io.jobkit.client.EnqueueRequest;
import io.jobkit.client.JobClient;
import io.jobkit.client.JobOptions;
import io.jobkit.client.Priority;
import io.jobkit.tests.support.LocalCloudExtension;
import io.jobkit.tests.support.TestCloud;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.sqs.model.Message;

import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** What the client really puts on the queue validates against the published JSON Schema. */
@ExtendWith(LocalCloudExtension.class)
class EnvelopeOnTheWireIT {

    @Test
    void sentMessages_validateAgainstTheEnvelopeSchema_andCarryTypeAndIdAttributes(TestCloud cloud) throws Exception {
        JobClient client = cloud.client();
        String id = client.enqueue("email.send", Map.of("to", "ada@example.com", "cc", List.of("b@example.com")),
                JobOptions.of(b -> b.priority(Priority.LOW).maxAttempts(7).delay(Duration.ofSeconds(1))
                        .backoff(Backoff.linear(Duration.ofSeconds(2), Duration.ofMinutes(5))).dedupKey("welcome-ada")
                        .tag("campaign", "welcome").timeout(Duration.ofSeconds(45))));
        client.enqueueAll(List.of(EnqueueRequest.of("ping", null), EnqueueRequest.of("raw.json", "[1,2,3]")));

        Thread.sleep(1100); // the delayed message becomes visible
        List<Message> messages = new java.util.ArrayList<>(cloud.drain(cloud.queueUrl("low")));
        messages.addAll(cloud.drain(cloud.queueUrl("normal")));
        assertThat(messages).hasSize(3);

        JsonSchema schema;
        try (InputStream in = getClass().getResourceAsStream("/jobkit/envelope-v1.schema.json")) {
            schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in);
        }
        ObjectMapper mapper = new ObjectMapper();
        for (Message m : messages) {
            JsonNode body = mapper.readTree(m.body());
            assertThat(schema.validate(body)).as(m.body()).isEmpty();
            assertThat(m.messageAttributes().get("jobkit-type").stringValue()).isEqualTo(body.get("type").asText());
            assertThat(m.messageAttributes().get("jobkit-id").stringValue()).isEqualTo(body.get("id").asText());
        }
        JsonNode email = messages.stream().map(m -> read(mapper, m.body())).filter(b -> b.get("id").asText().equals(id))
                .findFirst().orElseThrow();
        assertThat(email.at("/options/maxAttempts").asInt()).isEqualTo(7);
        assertThat(email.at("/options/backoff/strategy").asText()).isEqualTo("linear");
        assertThat(email.at("/options/tags/campaign").asText()).isEqualTo("welcome");
        assertThat(email.has("notBefore")).isTrue();
    }

    private static JsonNode read(ObjectMapper mapper, String body) {
        try {
            return mapper.readTree(body);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
