package io.jobkit.handlers.processor;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Keeps a running job's claim alive: every heartbeat it extends the lease in the job record (writing pending
 * progress and log lines in the same request) and the message's visibility in SQS, so a queue's visibility timeout
 * can stay short while a job runs for hours. When it stops — the worker died — both run out and another worker
 * picks the job up.
 *
 * <ol>
 *   <li>The shared timer only schedules: each tick hands the two calls to the beat executor and returns, so one
 *       slow or throttled call never delays another job's beat (all jobs share one timer thread).</li>
 *   <li>The lease write and the visibility extension are separate tasks: a failing or slow DynamoDB write does not
 *       stop the message from being kept hidden, and an SQS hiccup does not skip the lease.</li>
 *   <li>At most one of each is in flight per job: a tick that finds the previous call still running skips it (and
 *       says so) instead of queueing another behind it. The SQS call has a call timeout of one beat (at least 5 s); the lease
 *       write is bounded by the store client's own call timeout.</li>
 *   <li>A failed beat is logged and retried at the next one; the lease outlasts two missed beats. A beat that
 *       answered too late to leave a beat of lease is written again at once.</li>
 * </ol>
 */
final class LeaseKeeper implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LeaseKeeper.class);
    /** A floor for the visibility call's timeout when beats are very frequent (tests, tiny leases). */
    static final Duration MIN_CALL_TIMEOUT = Duration.ofSeconds(5);

    private final RunningJob job;
    private final ReceivedMessage message;
    private final String queueUrl;
    private final SqsClient sqs;
    private final Clock clock;
    private final ProcessorOptions options;
    private final Executor beats;
    private final AtomicBoolean leaseInFlight = new AtomicBoolean();
    private final AtomicBoolean visibilityInFlight = new AtomicBoolean();
    private final ScheduledFuture<?> ticks;

    LeaseKeeper(RunningJob job, ReceivedMessage message, String queueUrl, SqsClient sqs, Clock clock,
                ProcessorOptions options, ScheduledExecutorService timer, Executor beats) {
        this.job = job;
        this.message = message;
        this.queueUrl = queueUrl;
        this.sqs = sqs;
        this.clock = clock;
        this.options = options;
        this.beats = beats;
        long period = options.heartbeatInterval().toMillis();
        this.ticks = timer.scheduleAtFixedRate(this::tick, period, period, TimeUnit.MILLISECONDS);
    }

    /** Runs on the shared timer thread: never blocks, only hands work to the beat executor. */
    private void tick() {
        launch(leaseInFlight, "lease write", this::extendLease);
        launch(visibilityInFlight, "visibility extension", this::extendVisibility);
    }

    private void launch(AtomicBoolean inFlight, String what, Runnable call) {
        if (!inFlight.compareAndSet(false, true)) {
            LOG.warn("job {}: previous {} is still running after a whole heartbeat ({}); skipping this beat's",
                    job.jobId(), what, options.heartbeatInterval());
            return;
        }
        try {
            beats.execute(() -> {
                try {
                    call.run();
                } catch (RuntimeException e) {
                    LOG.warn("job {}: {} failed (will retry at the next beat): {}", job.jobId(), what, e.toString());
                } finally {
                    inFlight.set(false);
                }
            });
        } catch (RejectedExecutionException e) {
            inFlight.set(false); // the processor is closing
        }
    }

    /**
     * One beat's lease write. A write that answers so late that the lease it wrote has less than a beat left (an
     * attempt that hung until its timeout, then the SDK's retry: the lease was computed before the call) is written
     * again at once instead of a beat later, so the lease does not sit expired where another worker can take it.
     */
    private void extendLease() {
        for (int i = 0; i < 2; i++) {
            java.time.Instant until = clock.instant().plus(options.leaseDuration());
            job.flush(until);
            if (job.signal() == CancelSignal.LEASE_LOST) return;
            Duration left = Duration.between(clock.instant(), until);
            if (left.compareTo(options.heartbeatInterval()) >= 0) return;
            LOG.warn("job {}: the lease write answered with only {} of its lease left; writing it again now",
                    job.jobId(), left);
        }
    }

    private void extendVisibility() {
        // past SQS's 12-hour limit for this receive the message reappears; the lease still holds the job, so the
        // copy a worker then receives goes back without running (a duplicate of a live lease)
        int visibilitySeconds = (int) PutBacks.clamp(message, options.leaseDuration()).toSeconds();
        if (job.signal() == CancelSignal.LEASE_LOST || visibilitySeconds <= 0) return;
        Duration callTimeout = options.heartbeatInterval().compareTo(MIN_CALL_TIMEOUT) < 0
                ? MIN_CALL_TIMEOUT : options.heartbeatInterval();
        sqs.changeMessageVisibility(r -> r.queueUrl(queueUrl).receiptHandle(message.receiptHandle())
                .visibilityTimeout(visibilitySeconds)
                .overrideConfiguration(o -> o.apiCallTimeout(callTimeout)));
    }

    @Override
    public void close() {
        ticks.cancel(false);
    }
}
