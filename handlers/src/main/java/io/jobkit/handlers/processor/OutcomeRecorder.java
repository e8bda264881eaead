package io.jobkit.handlers.processor;

import io.jobkit.client.JobError;
import io.jobkit.client.JobOptions;
import io.jobkit.client.JobStatus;
import io.jobkit.client.spi.OneTimeSchedules;
import io.jobkit.client.store.JobStore;
import io.jobkit.client.store.TransitionResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.DoubleSupplier;
import java.util.function.Supplier;

/**
 * The one place that turns an attempt's outcome into a job-record write and then a message disposition. The write
 * always comes first: a message is acknowledged (deleted, dead-lettered) only once its outcome is recorded.
 *
 * <p>A retry delay up to SQS's 12-hour visibility limit holds the message back through its visibility. A longer one
 * goes through a one-time EventBridge schedule that sends the same envelope when the attempt is due, and the message
 * is deleted; without a scheduler the message comes back every 12 hours and is put back until the job is due.
 *
 * <p>A write that throws (DynamoDB unreachable, throttled past the SDK's own retries) is retried with a growing,
 * jittered pause for up to {@code writeBudget} while the caller keeps the lease alive: a handler that succeeded
 * should not run again because one write hit a brownout. After that the exception propagates and the message is
 * left to reappear; the claim conditions make the next receive safe. A conflict that shows our own write landed
 * (its response was lost, see {@link OwnWrites}) counts as written.
 */
final class OutcomeRecorder {
    private static final Logger LOG = LoggerFactory.getLogger(OutcomeRecorder.class);

    private final JobStore store;
    private final DeadLetters deadLetters;
    private final OneTimeSchedules schedules;
    private final Clock clock;
    private final DoubleSupplier random;
    private final Duration writeBudget;
    private final Pause pause;

    /** Waits between two tries of an outcome write (a real sleep in production, recorded in tests). */
    interface Pause {
        void pause(Duration d) throws InterruptedException;
    }

    static final Duration FIRST_WRITE_PAUSE = Duration.ofMillis(250);
    static final Duration MAX_WRITE_PAUSE = Duration.ofSeconds(5);

    /**
     * @param schedules   null when the runtime has no scheduler client and role (long retries then re-check)
     * @param writeBudget how long a failing outcome write is retried before the message is left to reappear
     */
    OutcomeRecorder(JobStore store, DeadLetters deadLetters, OneTimeSchedules schedules, Clock clock,
                    DoubleSupplier random, Duration writeBudget, Pause pause) {
        this.store = store;
        this.deadLetters = deadLetters;
        this.schedules = schedules;
        this.clock = clock;
        this.random = random;
        this.writeBudget = writeBudget;
        this.pause = pause;
    }

    /**
     * Runs one outcome write, retrying what throws within the budget, and recognises our own landed write in a
     * conflict.
     */
    private TransitionResult persist(RunningJob job, JobStatus wrote, int attempt, Instant next,
                                     Supplier<TransitionResult> write) {
        Duration spent = Duration.ZERO;
        Duration wait = FIRST_WRITE_PAUSE;
        int tries = 1;
        while (true) {
            try {
                return OwnWrites.outcome(write.get(), job, wrote, attempt, next);
            } catch (RuntimeException e) {
                Duration budget = writeBudget;
                if (job.runtimeDeadline() != null) {
                    // Lambda: never retry past the runtime's own end (see RunningJob#runtimeDeadline)
                    Duration left = Duration.between(clock.instant(), job.runtimeDeadline()).plus(spent);
                    if (left.compareTo(budget) < 0) budget = left.isNegative() ? Duration.ZERO : left;
                }
                if (spent.plus(wait).compareTo(budget) > 0) {
                    LOG.error("job {}: writing outcome {} failed {} times over {}; leaving its message to reappear",
                            job.jobId(), wrote, tries, spent, e);
                    throw e;
                }
                Duration jittered = Duration.ofMillis((long) (wait.toMillis() * (0.5 + random.getAsDouble() / 2)));
                LOG.warn("job {}: writing outcome {} failed (try {}), retrying in {} ms while the lease is kept: {}",
                        job.jobId(), wrote, tries, jittered.toMillis(), e.toString());
                try {
                    pause.pause(jittered);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
                spent = spent.plus(jittered);
                wait = wait.multipliedBy(2).compareTo(MAX_WRITE_PAUSE) > 0 ? MAX_WRITE_PAUSE : wait.multipliedBy(2);
                tries++;
            }
        }
    }

    ProcessResult record(AttemptOutcome outcome, RunningJob job, ReceivedMessage message, JobOptions options) {
        String id = job.jobId();
        String type = job.type();
        String owner = job.owner();
        if (outcome instanceof AttemptOutcome.Success s) {
            return written(persist(job, JobStatus.SUCCEEDED, job.attempt(), null,
                            () -> job.store().succeed(id, owner, s.resultJson(), job.progressForOutcome(), job.logsForOutcome())),
                    id, type, ProcessResult.Kind.SUCCEEDED, new Disposition.Delete());
        }
        if (outcome instanceof AttemptOutcome.Retry r) {
            return retryOrFail(r, job, message, options);
        }
        if (outcome instanceof AttemptOutcome.PermanentFailure f) {
            return fail(job, message, f.error());
        }
        if (outcome instanceof AttemptOutcome.Cancelled c) {
            job.note("cancelled: " + c.reason());
            return written(persist(job, JobStatus.CANCELLED, job.attempt(), null,
                            () -> job.store().cancelRunning(id, owner, job.logsForOutcome())), id, type, ProcessResult.Kind.CANCELLED,
                    new Disposition.Delete());
        }
        if (outcome instanceof AttemptOutcome.Released) {
            job.note("released by a shutting-down worker; the attempt is not counted");
            Instant now = clock.instant();
            return written(persist(job, JobStatus.RETRYING, job.attempt() - 1, now,
                            () -> job.store().release(id, owner, now, job.logsForOutcome())), id, type,
                    ProcessResult.Kind.RELEASED, new Disposition.ReturnAfter(Duration.ZERO));
        }
        LOG.warn("job {} attempt {}: lease lost to another worker; leaving the outcome to it", id, job.attempt());
        return new ProcessResult(id, type, ProcessResult.Kind.ABANDONED, new Disposition.Leave());
    }

    private ProcessResult retryOrFail(AttemptOutcome.Retry r, RunningJob job, ReceivedMessage message, JobOptions options) {
        if (job.attempt() >= job.maxAttempts()) {
            JobError e = r.error();
            return fail(job, message, new JobError(e.type(), "attempts exhausted (" + job.attempt() + " of "
                    + job.maxAttempts() + "): " + e.message(), e.stack(), e.attempt()));
        }
        Duration delay = r.delay() != null ? r.delay() : options.backoff().delayAfter(job.attempt(), random);
        delay = Duration.ofSeconds((delay.toMillis() + 999) / 1000);
        Instant next = clock.instant().plus(delay);
        if (delay.compareTo(PutBacks.VISIBILITY_LIMIT) > 0) {
            if (schedules != null) return retryViaSchedule(r, job, message, options, delay, next);
            // SQS cannot hold a message back longer; it comes back early and the claim puts it back until it is due.
            LOG.warn("job {}: retry delay {} exceeds SQS's 12-hour visibility limit and this worker has no scheduler"
                    + " (JOBKIT_SCHEDULER_ROLE_ARN); its message is re-checked every 12 h, within the queue's retention",
                    job.jobId(), delay);
            job.note("retry delay " + delay + " exceeds SQS's 12-hour visibility limit and no scheduler is configured;"
                    + " the message will be re-checked every 12 h");
        }
        // the processor clamps every put-back to what SQS allows for this receive (see PutBacks)
        Disposition back = new Disposition.ReturnAfter(delay);
        return written(persist(job, JobStatus.RETRYING, job.attempt(), next,
                        () -> job.store().retry(job.jobId(), job.owner(), r.error(), next, job.logsForOutcome(),
                                job.pastAttemptsEndingWith(r.error(), clock.instant()))), job.jobId(),
                job.type(), ProcessResult.Kind.RETRYING, back);
    }

    /**
     * A retry beyond the visibility limit: record RETRYING with the schedule's name, create the one-time schedule
     * that sends the same envelope at {@code next} (named per cycle and attempt, so each long retry has its own), and
     * only then delete the message. Should the schedule not be created, the message stays and is re-checked every
     * 12 hours instead, so the job is never left without a message.
     */
    private ProcessResult retryViaSchedule(AttemptOutcome.Retry r, RunningJob job, ReceivedMessage message,
                                           JobOptions options, Duration delay, Instant next) {
        String name = OneTimeSchedules.nameForRetry(job.jobId(), job.cycle(), job.attempt());
        job.note("retry delay " + delay + " exceeds SQS's 12-hour visibility limit; EventBridge schedule " + name
                + " sends the next attempt at " + next);
        TransitionResult written = persist(job, JobStatus.RETRYING, job.attempt(), next,
                () -> job.store().retryViaSchedule(job.jobId(), job.owner(), r.error(), next, name, job.logsForOutcome(),
                        job.pastAttemptsEndingWith(r.error(), clock.instant())));
        if (!written.applied()) return lost(job.jobId(), job.type());
        String group = options.groupKey() != null ? options.groupKey() : message.groupId();
        try {
            schedules.create(name, next, message.queue(), message.body(), group);
        } catch (RuntimeException e) {
            LOG.warn("job {}: creating retry schedule {} failed ({}); keeping its message, re-checked every 12 h",
                    job.jobId(), name, e.toString());
            return new ProcessResult(job.jobId(), job.type(), ProcessResult.Kind.RETRYING,
                    new Disposition.ReturnAfter(PutBacks.VISIBILITY_LIMIT));
        }
        return new ProcessResult(job.jobId(), job.type(), ProcessResult.Kind.RETRYING, new Disposition.Delete());
    }

    private ProcessResult fail(RunningJob job, ReceivedMessage message, JobError error) {
        TransitionResult r = persist(job, JobStatus.FAILED, job.attempt(), null,
                () -> job.store().fail(job.jobId(), job.owner(), error, job.logsForOutcome()));
        if (!(r instanceof TransitionResult.Applied applied)) {
            return lost(job.jobId(), job.type());
        }
        deadLetters.move(message, applied.job().cycle(), error.message());
        return new ProcessResult(job.jobId(), job.type(), ProcessResult.Kind.FAILED, new Disposition.Delete());
    }

    private static ProcessResult written(TransitionResult r, String id, String type, ProcessResult.Kind kind,
                                         Disposition disposition) {
        return r.applied() ? new ProcessResult(id, type, kind, disposition) : lost(id, type);
    }

    private static ProcessResult lost(String id, String type) {
        LOG.warn("job {}: outcome not recorded because this worker no longer holds its lease", id);
        return new ProcessResult(id, type, ProcessResult.Kind.ABANDONED, new Disposition.Leave());
    }
}
