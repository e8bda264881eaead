package io.jobkit.cli;

import io.jobkit.cli.support.CliCloud;
import io.jobkit.cli.support.CliRun;
import io.jobkit.cli.support.LocalCloudExtension;
import io.jobkit.client.queues.DeadLetter;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** A redrive of 500 dead letters moves every one of them, attributes included, and loses none. */
@ExtendWith(LocalCloudExtension.class)
class RedriveVolumeIT {
    private static final int COUNT = 500;

    @ParameterizedTest(name = "method {0}")
    @ValueSource(strings = {"task", "loop"})
    void redriveOf500Messages_losesNone(String method, CliCloud cloud) {
        String dlq = cloud.dlqUrl("normal");
        Set<String> sent = new HashSet<>();
        for (int batch = 0; batch < COUNT / 10; batch++) {
            List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                String jobId = "job-" + (batch * 10 + i);
                sent.add(jobId);
                entries.add(SendMessageBatchRequestEntry.builder().id(Integer.toString(i))
                        .messageBody("{\"v\":1,\"id\":\"" + jobId + "\",\"type\":\"bulk\",\"payload\":{}}")
                        .messageAttributes(Map.of("jobkit-id", string(jobId), DeadLetter.CYCLE_ATTRIBUTE,
                                MessageAttributeValue.builder().dataType("Number").stringValue("1").build())).build());
            }
            cloud.sqs().sendMessageBatch(r -> r.queueUrl(dlq).entries(entries));
        }
        assertThat(cloud.client().queueStats("normal", false).dlqDepth()).isEqualTo(COUNT);

        CliRun redrive = cloud.run("dlq", "redrive", "normal", "--method", method, "--json");
        assertThat(redrive.exit()).as(redrive.toString()).isZero();
        assertThat(redrive.json().get("moved").asInt()).isEqualTo(COUNT);
        assertThat(redrive.json().get("total").asInt()).isEqualTo(COUNT);

        assertThat(cloud.client().queueStats("normal", false).dlqDepth()).as("DLQ after").isZero();
        List<Message> moved = cloud.drain(cloud.queueUrl("normal"));
        Set<String> received = new HashSet<>();
        for (Message m : moved) {
            String jobId = m.messageAttributes().get("jobkit-id").stringValue();
            assertThat(m.body()).contains("\"id\":\"" + jobId + "\"");
            assertThat(m.messageAttributes().get(DeadLetter.CYCLE_ATTRIBUTE).stringValue()).isEqualTo("1");
            received.add(jobId);
        }
        assertThat(moved).hasSize(COUNT);
        assertThat(received).isEqualTo(sent);
    }

    private static MessageAttributeValue string(String v) {
        return MessageAttributeValue.builder().dataType("String").stringValue(v).build();
    }
}
