package io.jobkit.handlers.processor;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.time.Clock;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Keeps a running job's claim alive: every heartbeat it extends the lease in the job record (writing pending
 * progress and log lines in the same request) and the message's visibility in SQS, so a queue's visibility timeout
 * can stay short while a job runs for hours. When it stops — the worker died — both run out and another worker
 * picks the job up. A failed beat is logged and retried at the next one; the lease outlasts two missed beats.
 */
final class LeaseKeeper implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LeaseKeeper.class);

    private final ScheduledFuture<?> beats;

    LeaseKeeper(RunningJob job, ReceivedMessage message, String queueUrl, SqsClient sqs, Clock clock,
                ProcessorOptions options, ScheduledExecutorService timer) {
        long period = options.heartbeatInterval().toMillis();
        this.beats = timer.scheduleAtFixedRate(() -> {
            try {
                job.flush(clock.instant().plus(options.leaseDuration()));
                // past SQS's 12-hour limit for this receive the message reappears; the lease still holds the job,
                // so the copy a worker then receives goes back without running (a duplicate of a live lease)
                int visibilitySeconds = (int) PutBacks.clamp(message, options.leaseDuration()).toSeconds();
                if (job.signal() != CancelSignal.LEASE_LOST && visibilitySeconds > 0) {
                    sqs.changeMessageVisibility(r -> r.queueUrl(queueUrl).receiptHandle(message.receiptHandle())
                            .visibilityTimeout(visibilitySeconds));
                }
            } catch (RuntimeException e) {
                LOG.warn("heartbeat for job {} failed (will retry at the next beat): {}", job.jobId(), e.toString());
            }
        }, period, period, TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        beats.cancel(false);
    }
}
