package io.jobkit.handlers.lambda;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.jobkit.client.topology.QueueDef;
import io.jobkit.client.topology.Topology;
import io.jobkit.handlers.processor.ReceivedMessage;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class SqsRecordsTest {
    private final Topology topology = Topology.builder().prefix("shop")
            .queue(new QueueDef("orders", true, Optional.empty(), null)).build();
    private final SqsRecords records = new SqsRecords(topology);

    private static SQSEvent.SQSMessage record(String arn, Map<String, String> attributes) {
        SQSEvent.SQSMessage m = new SQSEvent.SQSMessage();
        m.setMessageId("m-1");
        m.setReceiptHandle("rh-1");
        m.setBody("{}");
        m.setEventSourceArn(arn);
        m.setAttributes(attributes);
        SQSEvent.MessageAttribute id = new SQSEvent.MessageAttribute();
        id.setDataType("String");
        id.setStringValue("job-7");
        SQSEvent.MessageAttribute binary = new SQSEvent.MessageAttribute();
        binary.setDataType("Binary");
        m.setMessageAttributes(Map.of("jobkit-id", id, "blob", binary));
        return m;
    }

    @Test
    void queueName_isTheLastSegmentOfAnSqsArn() {
        assertThat(SqsRecords.queueName("arn:aws:sqs:us-east-2:123456789012:my-queue")).isEqualTo("my-queue");
        assertThat(SqsRecords.queueName("arn:aws:sqs:us-east-2:123456789012:orders.fifo")).isEqualTo("orders.fifo");
        assertThat(SqsRecords.queueName("arn:aws:sns:us-east-2:123456789012:topic")).isNull();
        assertThat(SqsRecords.queueName("my-queue")).isNull();
        assertThat(SqsRecords.queueName(null)).isNull();
    }

    @Test
    void aRecord_readsLikeAReceivedMessage() {
        SqsRecords.Resolved r = records.resolve(record("arn:aws:sqs:us-east-1:000000000000:shop-normal",
                Map.of("ApproximateReceiveCount", "3", "SentTimestamp", "1545082649183")));
        ReceivedMessage m = r.message();
        assertThat(r.ok()).isTrue();
        assertThat(m.queue().name()).isEqualTo("normal");
        assertThat(m.messageId()).isEqualTo("m-1");
        assertThat(m.receiptHandle()).isEqualTo("rh-1");
        assertThat(m.receiveCount()).isEqualTo(3);
        assertThat(m.sentAt()).isEqualTo(Instant.ofEpochMilli(1545082649183L));
        assertThat(m.messageAttributes()).containsExactly(Map.entry("jobkit-id", "job-7"));
        assertThat(r.orderingKey()).as("standard queues are unordered").isNull();
    }

    @Test
    void fifoRecords_areOrderedByQueueAndGroup() {
        SqsRecords.Resolved r = records.resolve(record("arn:aws:sqs:us-east-1:000000000000:shop-orders.fifo",
                Map.of("ApproximateReceiveCount", "1", "MessageGroupId", "customer-9")));
        assertThat(r.message().groupId()).isEqualTo("customer-9");
        assertThat(r.orderingKey()).isEqualTo("orders#customer-9");
    }

    @Test
    void aQueueOutsideTheTopology_isAProblemNamingThePrefixAndQueues() {
        SqsRecords.Resolved r = records.resolve(record("arn:aws:sqs:us-east-1:000000000000:other-normal", Map.of()));
        assertThat(r.ok()).isFalse();
        assertThat(r.problem()).contains("'other-normal'", "prefix 'shop'", "JOBKIT_PREFIX");
    }

    @Test
    void aDeadLetterQueue_isRefusedWithTheRedriveHint() {
        SqsRecords.Resolved r = records.resolve(record("arn:aws:sqs:us-east-1:000000000000:shop-normal-dlq", Map.of()));
        assertThat(r.ok()).isFalse();
        assertThat(r.problem()).contains("dead-letter queue", "redrive");
    }

    @Test
    void missingAttributes_defaultToAFirstReceive() {
        SqsRecords.Resolved r = records.resolve(record("arn:aws:sqs:us-east-1:000000000000:shop-low", null));
        assertThat(r.message().receiveCount()).isEqualTo(1);
        assertThat(r.message().sentAt()).isNull();
    }
}
