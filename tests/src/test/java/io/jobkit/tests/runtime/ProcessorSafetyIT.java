package io.jobkit.tests.runtime;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.jobkit.client.Job;
import io.jobkit.client.JobClient;
import io.jobkit.client.JobStatus;
import io.jobkit.client.wire.Envelope;
import io.jobkit.client.wire.EnvelopeCodec;
import io.jobkit.handlers.FailJobException;
import io.jobkit.handlers.JobHandlers;
import io.jobkit.handlers.processor.Disposition;
import io.jobkit.handlers.processor.JobProcessor;
import io.jobkit.handlers.processor.ProcessResult;
import io.jobkit.handlers.processor.ProcessorOptions;
import io.jobkit.handlers.processor.ReceivedMessage;
import io.jobkit.tests.support.LocalCloudExtension;
import io.jobkit.tests.support.TestCloud;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.sqs.model.Message;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The processor never lets SQS's bookkeeping lose a job: worn messages are refreshed, orphaned copies re-dead-lettered. */
@ExtendWith(LocalCloudExtension.class)
class ProcessorSafetyIT {
    private static final JobHandlers HANDLERS = JobHandlers.builder()
            .handler("noop", Map.class, (p, ctx) -> null)
            .handler("doomed", Map.class, (p, ctx) -> {
                throw new FailJobException("bad input");
            }).build();

    @Test
    void aMessageNearTheRedriveLimit_isPutBackAsAFreshCopy_notLeftToReachTheDlq(TestCloud cloud) {
        JobClient client = cloud.client();
        Envelope early = new Envelope(Envelope.VERSION, "worn-1", "noop", JsonNodeFactory.instance.objectNode(), null,
                Instant.now(), Instant.now().plusSeconds(30), null);
        String body = EnvelopeCodec.encode(early);
        ReceivedMessage worn = new ReceivedMessage("m-worn", "receipt-worn", body, cloud.topology().queue("normal"), 45,
                Instant.now(), null, Map.of("jobkit-id", "worn-1", "jobkit-type", "noop"));

        try (JobProcessor processor = new JobProcessor(client, HANDLERS, ProcessorOptions.builder().build())) {
            ProcessResult result = processor.process(worn, null);
            assertThat(result.kind()).isEqualTo(ProcessResult.Kind.EARLY);
            assertThat(result.disposition()).as("the worn message itself is deleted").isInstanceOf(Disposition.Delete.class);
        }
        assertThat(cloud.depth(cloud.queueUrl("normal"))).as("a fresh copy waits in the queue, delayed").isEqualTo(1);
        assertThat(client.get("worn-1")).as("no attempt, no record").isEmpty();

        ReceivedMessage fresh = new ReceivedMessage("m-new", "receipt-new", body, cloud.topology().queue("normal"), 3,
                Instant.now(), null, Map.of());
        try (JobProcessor processor = new JobProcessor(client, HANDLERS, ProcessorOptions.builder().build())) {
            assertThat(processor.process(fresh, null).disposition()).as("a young message is simply put back")
                    .isInstanceOf(Disposition.ReturnAfter.class);
        }
    }

    @Test
    void aFailedJobsCopyFromAnotherCycle_goesBackToTheDlqWithTheCurrentCycle_notDropped(TestCloud cloud) {
        JobClient client = cloud.client();
        String id = client.enqueue("doomed", Map.of(), o -> o.maxAttempts(1));
        Message sent = cloud.drain(cloud.queueUrl("normal")).get(0);
        ReceivedMessage first = received(cloud, sent, Map.of());
        try (JobProcessor processor = new JobProcessor(client, HANDLERS, ProcessorOptions.builder().build())) {
            assertThat(processor.process(first, null).kind()).isEqualTo(ProcessResult.Kind.FAILED);
            Message dead = cloud.drain(cloud.dlqUrl("normal")).get(0);
            assertThat(dead.messageAttributes().get("jobkit-dlq-cycle").stringValue()).isEqualTo("1");

            // redriven (cycle 1 → 2) and failed again, but the worker died before dead-lettering: the copy that comes
            // back still carries the marker of cycle 1
            ReceivedMessage redriven = received(cloud, sent, Map.of("jobkit-dlq-cycle", "1"));
            assertThat(processor.process(redriven, null).kind()).isEqualTo(ProcessResult.Kind.FAILED);
            cloud.drain(cloud.dlqUrl("normal")); // the copy of cycle 2's failure; pretend it was never sent
            Job job = client.get(id).orElseThrow();
            assertThat(job.cycle()).isEqualTo(2);

            ProcessResult orphan = processor.process(received(cloud, sent, Map.of("jobkit-dlq-cycle", "1")), null);
            assertThat(orphan.kind()).isEqualTo(ProcessResult.Kind.REJECTED);
            assertThat(orphan.disposition()).isInstanceOf(Disposition.Delete.class);
        }
        List<Message> back = cloud.drain(cloud.dlqUrl("normal"));
        assertThat(back).hasSize(1);
        assertThat(back.get(0).messageAttributes().get("jobkit-dlq-cycle").stringValue()).isEqualTo("2");
        assertThat(client.get(id).orElseThrow().status()).isEqualTo(JobStatus.FAILED);
    }

    private static ReceivedMessage received(TestCloud cloud, Message m, Map<String, String> extra) {
        Map<String, String> attributes = new java.util.HashMap<>();
        m.messageAttributes().forEach((k, v) -> attributes.put(k, v.stringValue()));
        attributes.putAll(extra);
        return new ReceivedMessage(m.messageId(), m.receiptHandle(), m.body(), cloud.topology().queue("normal"), 1,
                Instant.now(), null, attributes);
    }
}
