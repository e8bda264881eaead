package io.jobkit.tests.client;

import io.jobkit.client.JobClient;
import io.jobkit.client.queues.DeadLetter;
import io.jobkit.client.queues.RedriveMethod;
import io.jobkit.client.queues.RedriveResult;
import io.jobkit.tests.support.LocalCloudExtension;
import io.jobkit.tests.support.TestCloud;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The DLQ move loop against the local cloud: it moves what was in the DLQ when it began, leaves copies that were
 * dead-lettered while it ran, and moves one copy per job and attempt cycle. No worker runs, so the destination
 * queue shows exactly what the loop sent. The loop's progress callback (called after every batch) is the hook that
 * dead-letters a copy "while it runs", at a batch boundary rather than after a sleep.
 */
@ExtendWith(LocalCloudExtension.class)
class RedriveMoveLoopIT {

    @Test
    void aCopyDeadLetteredWhileTheLoopRuns_staysInTheDlq_untouched(TestCloud cloud) {
        JobClient client = cloud.client();
        String dlq = cloud.dlqUrl("normal");
        deadLetter(cloud, "job-a", 1, Instant.now().minusSeconds(60));
        deadLetter(cloud, "job-b", 1, Instant.now().minusSeconds(60));
        // job-b's copy is in flight (someone is peeking at it): it counts in the loop's total but cannot be read, so
        // before the fix the loop's count had room for the copy dead-lettered below
        Message inFlight = receiveOne(cloud, dlq, 300, "job-b");

        AtomicBoolean deadLettered = new AtomicBoolean();
        RedriveResult result = client.redrive("normal", o -> o.method(RedriveMethod.MOVE_LOOP).progress(p -> {
            // job-a's moved copy ran in cycle 2 and failed again: the worker dead-letters it while the loop runs
            if (deadLettered.compareAndSet(false, true)) deadLetter(cloud, "job-a", 2, Instant.now());
        }));

        assertThat(deadLettered).isTrue();
        assertThat(result.total()).isEqualTo(2);
        assertThat(result.moved()).as("only the copy that was in the DLQ at the start").isEqualTo(1);
        assertThat(result.skipped()).isEqualTo(1);
        assertThat(result.status()).isEqualTo("COMPLETED");
        List<Message> moved = cloud.drain(cloud.queueUrl("normal"));
        assertThat(moved).extracting(RedriveMoveLoopIT::cycleOf).containsExactly("job-a#1");
        // the skipped copy is visible again at once, with its attributes, for the next redrive or a peek
        Message left = receiveOne(cloud, dlq, 0, "job-a");
        assertThat(cycleOf(left)).isEqualTo("job-a#2");
        assertThat(left.body()).isEqualTo(body("job-a"));
        cloud.sqs().deleteMessage(r -> r.queueUrl(dlq).receiptHandle(inFlight.receiptHandle()));
    }

    @Test
    void twoCopiesOfOneJobAndCycle_areMovedOnce_andTheSecondIsDropped(TestCloud cloud) {
        JobClient client = cloud.client();
        Instant earlier = Instant.now().minusSeconds(60);
        // a DeadLetters SendMessage retried by the SDK after a lost response: two identical copies
        deadLetter(cloud, "job-a", 1, earlier);
        deadLetter(cloud, "job-a", 1, earlier);
        deadLetter(cloud, "job-c", 1, earlier);

        RedriveResult result = client.redrive("normal", o -> o.method(RedriveMethod.MOVE_LOOP));

        assertThat(result.total()).isEqualTo(3);
        assertThat(result.moved()).isEqualTo(2);
        assertThat(result.duplicatesDropped()).isEqualTo(1);
        assertThat(result.status()).isEqualTo("COMPLETED");
        assertThat(cloud.drain(cloud.queueUrl("normal"))).extracting(RedriveMoveLoopIT::cycleOf)
                .containsExactlyInAnyOrder("job-a#1", "job-c#1");
        assertThat(cloud.depth(cloud.dlqUrl("normal"))).isZero();
    }

    /** A copy as the worker's DeadLetters sends it: body and jobkit attributes, dead-lettered {@code at}. */
    private static void deadLetter(TestCloud cloud, String jobId, int cycle, Instant at) {
        cloud.sqs().sendMessage(r -> r.queueUrl(cloud.dlqUrl("normal")).messageBody(body(jobId)).messageAttributes(Map.of(
                "jobkit-id", string(jobId),
                "jobkit-type", string("report.build"),
                DeadLetter.CYCLE_ATTRIBUTE, MessageAttributeValue.builder().dataType("Number").stringValue(Integer.toString(cycle)).build(),
                DeadLetter.REASON_ATTRIBUTE, string("downstream rejected the request"),
                DeadLetter.SOURCE_ATTRIBUTE, string("normal"),
                DeadLetter.AT_ATTRIBUTE, string(at.toString()))));
    }

    private static String body(String jobId) {
        return "{\"v\":1,\"id\":\"" + jobId + "\",\"type\":\"report.build\",\"payload\":{}}";
    }

    private static MessageAttributeValue string(String v) {
        return MessageAttributeValue.builder().dataType("String").stringValue(v).build();
    }

    private static String cycleOf(Message m) {
        return m.messageAttributes().get("jobkit-id").stringValue() + "#"
                + m.messageAttributes().get(DeadLetter.CYCLE_ATTRIBUTE).stringValue();
    }

    /** Receives the one visible copy of {@code jobId} (others are made visible again). */
    private static Message receiveOne(TestCloud cloud, String url, int visibility, String jobId) {
        List<Message> batch = cloud.sqs().receiveMessage(r -> r.queueUrl(url).maxNumberOfMessages(10).waitTimeSeconds(1)
                .visibilityTimeout(visibility).messageAttributeNames("All")).messages();
        Message found = null;
        for (Message m : batch) {
            if (jobId.equals(m.messageAttributes().get("jobkit-id").stringValue()) && found == null) found = m;
            else cloud.sqs().changeMessageVisibility(r -> r.queueUrl(url).receiptHandle(m.receiptHandle()).visibilityTimeout(0));
        }
        assertThat(found).as("a visible copy of " + jobId).isNotNull();
        return found;
    }
}
