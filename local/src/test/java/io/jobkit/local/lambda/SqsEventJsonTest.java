package io.jobkit.local.lambda;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The event the local source builds survives the trip through Lambda's own JSON form and deserialiser. */
class SqsEventJsonTest {
    private static final String ARN = "arn:aws:sqs:eu-west-1:000000000000:jobkit-orders.fifo";

    private static Message message() {
        return Message.builder().messageId("m-1").receiptHandle("rh-1").body("{\"v\":1}").md5OfBody("abc")
                .attributes(Map.of(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT, "2",
                        MessageSystemAttributeName.SENT_TIMESTAMP, "1545082649183",
                        MessageSystemAttributeName.MESSAGE_GROUP_ID, "customer-9"))
                .messageAttributes(Map.of(
                        "jobkit-id", MessageAttributeValue.builder().dataType("String").stringValue("job-1").build(),
                        "blob", MessageAttributeValue.builder().dataType("Binary")
                                .binaryValue(SdkBytes.fromUtf8String("bytes")).build()))
                .build();
    }

    @Test
    void recordsReadBackThroughLambdasDeserialiser_withEveryField(@TempDir Path dir) throws IOException {
        SQSEvent event = SqsEvents.event(List.of(message()), ARN);
        Path file = dir.resolve("event.json");
        Files.write(file, SqsEventJson.write(event));

        SQSEvent.SQSMessage r = EventLoader.loadSQSEvent(file.toString()).getRecords().get(0);

        assertThat(r.getMessageId()).isEqualTo("m-1");
        assertThat(r.getReceiptHandle()).isEqualTo("rh-1");
        assertThat(r.getBody()).isEqualTo("{\"v\":1}");
        assertThat(r.getEventSource()).isEqualTo("aws:sqs");
        assertThat(r.getEventSourceArn()).isEqualTo(ARN);
        assertThat(r.getAwsRegion()).isEqualTo("eu-west-1");
        assertThat(r.getAttributes()).containsEntry("ApproximateReceiveCount", "2")
                .containsEntry("SentTimestamp", "1545082649183").containsEntry("MessageGroupId", "customer-9");
        assertThat(r.getMessageAttributes().get("jobkit-id").getStringValue()).isEqualTo("job-1");
        assertThat(StandardCharsets.UTF_8.decode(r.getMessageAttributes().get("blob").getBinaryValue()).toString())
                .isEqualTo("bytes");
    }

    @Test
    void aBatchResponse_isRead_includingAnEmptyOrNullAnswer() {
        SQSBatchResponse r = SqsEventJson.readResponse(
                "{\"batchItemFailures\":[{\"itemIdentifier\":\"a\"},{\"itemIdentifier\":null}]}".getBytes(StandardCharsets.UTF_8));
        assertThat(r.getBatchItemFailures()).extracting(SQSBatchResponse.BatchItemFailure::getItemIdentifier)
                .containsExactly("a", null);
        assertThat(SqsEventJson.readResponse("null".getBytes(StandardCharsets.UTF_8))).isNull();
        assertThat(SqsEventJson.readResponse("{}".getBytes(StandardCharsets.UTF_8)).getBatchItemFailures()).isEmpty();
        assertThatThrownBy(() -> SqsEventJson.readResponse("oops".getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("not JSON");
    }

    @Test
    void aRuntimeError_showsItsMessage() {
        assertThat(SqsEventJson.errorMessage("{\"errorMessage\":\"boom\",\"errorType\":\"X\"}".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo("boom");
        assertThat(SqsEventJson.errorMessage("plain".getBytes(StandardCharsets.UTF_8))).isEqualTo("plain");
    }
}
