package io.jobkit.tests.lambda;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.jobkit.local.lambda.SqsEvents;
import io.jobkit.tests.support.TestCloud;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;

/** Receives a queue's messages the way the event source mapping does and turns them into one SQS event. */
final class Batches {

    private Batches() {
    }

    /** Receives until {@code count} messages are in hand, ordered by {@code order} (e.g. their body). */
    static SQSEvent receive(TestCloud cloud, String queue, int count, Function<Message, String> order) {
        String url = cloud.queueUrl(queue);
        String arn = cloud.sqs().getQueueAttributes(r -> r.queueUrl(url).attributeNamesWithStrings("QueueArn"))
                .attributesAsStrings().get("QueueArn");
        List<Message> messages = new ArrayList<>();
        Instant until = Instant.now().plusSeconds(15);
        while (messages.size() < count && Instant.now().isBefore(until)) {
            messages.addAll(cloud.sqs().receiveMessage(r -> r.queueUrl(url).maxNumberOfMessages(10).waitTimeSeconds(1)
                    .messageSystemAttributeNames(MessageSystemAttributeName.ALL).messageAttributeNames("All")).messages());
        }
        if (messages.size() != count) throw new AssertionError("received " + messages.size() + " of " + count + " messages");
        messages.sort(Comparator.comparing(order));
        return SqsEvents.event(messages, arn);
    }

    static List<String> failures(SQSBatchResponse response) {
        return response.getBatchItemFailures().stream().map(SQSBatchResponse.BatchItemFailure::getItemIdentifier).toList();
    }

    static String idOf(SQSEvent event, Function<SQSEvent.SQSMessage, Boolean> which) {
        return event.getRecords().stream().filter(which::apply).findFirst().orElseThrow().getMessageId();
    }

    /** How long until a message of {@code queue} is visible again, up to {@code limit}; null if none came back. */
    static Duration untilVisible(TestCloud cloud, String queue, Duration limit) {
        String url = cloud.queueUrl(queue);
        Instant start = Instant.now();
        while (Duration.between(start, Instant.now()).compareTo(limit) < 0) {
            if (!cloud.sqs().receiveMessage(r -> r.queueUrl(url).maxNumberOfMessages(1).waitTimeSeconds(1)
                    .visibilityTimeout(30)).messages().isEmpty()) {
                return Duration.between(start, Instant.now());
            }
        }
        return null;
    }
}
