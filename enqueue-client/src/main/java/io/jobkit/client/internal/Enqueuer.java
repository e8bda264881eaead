package io.jobkit.client.internal;

import io.jobkit.client.spi.OneTimeSchedules;
import io.jobkit.client.spi.MessageSender;
import io.jobkit.client.spi.SendFailures;

import io.jobkit.client.EnqueueException;
import io.jobkit.client.EnqueueRequest;
import io.jobkit.client.EnqueueOutcomeUnknownException;
import io.jobkit.client.EnqueueResult;
import io.jobkit.client.Job;
import io.jobkit.client.JobError;
import io.jobkit.client.JobStatus;
import io.jobkit.client.JobValidationException;
import io.jobkit.client.JobkitException;
import io.jobkit.client.store.CreateResult;
import io.jobkit.client.store.JobStore;
import io.jobkit.client.wire.Envelope;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Enqueues jobs in the order the state machine requires.
 *
 * <ol>
 *   <li>Validate and build the envelope ({@link JobPreparer}), which also picks the delivery.</li>
 *   <li>Write the record QUEUED, or SCHEDULED with its run-at time and schedule name (with its dedup key,
 *       atomically); a live duplicate returns the first job's id and sends nothing.</li>
 *   <li>Deliver: send the message, or create the one-time schedule that will send it. If that fails, the record moves
 *       to FAILED with the reason and the dedup key is released: no record stays QUEUED or SCHEDULED without a message
 *       or schedule behind it, and the caller may simply try again.</li>
 *   <li>A send whose outcome is unknown (lost response, timeout, 5xx: {@link SendFailures}) is not reported as a
 *       failure: the record is read again, and if a worker has moved it past QUEUED the message got through and the
 *       enqueue succeeded. Otherwise the record stays QUEUED with its dedup key and the caller gets
 *       {@link EnqueueOutcomeUnknownException}; the reconciler re-sends a QUEUED record that stays stale.</li>
 * </ol>
 */
public final class Enqueuer {
    private static final Logger LOG = LoggerFactory.getLogger(Enqueuer.class);
    private final JobPreparer preparer;
    private final JobStore store;
    private final MessageSender sender;
    private final OneTimeSchedules schedules;

    /** @param schedules null when the client has no scheduler; the preparer then refuses jobs that would need one */
    public Enqueuer(JobPreparer preparer, JobStore store, MessageSender sender, OneTimeSchedules schedules) {
        this.preparer = preparer;
        this.store = store;
        this.sender = sender;
        this.schedules = schedules;
    }

    public JobPreparer preparer() {
        return preparer;
    }

    public String enqueue(EnqueueRequest request, Envelope.Context context) {
        PreparedJob job = preparer.prepare(request, context);
        CreateResult created = create(job);
        if (created.duplicate()) return created.jobId();
        if (scheduled(job)) {
            Optional<JobkitException> failure = schedule(job);
            if (failure.isPresent()) throw failure.get();
            return job.id();
        }
        try {
            sender.send(job.message());
        } catch (RuntimeException e) {
            if (SendFailures.isDefiniteRefusal(e)) throw sendFailed(job, "SendMessage failed: " + e.getMessage(), e);
            return afterAmbiguousSend(job, e);
        }
        return job.id();
    }

    /** Writes what the job's tracking level writes at enqueue: the record (full), the dedup key only (lean), nothing (none). */
    private CreateResult create(PreparedJob job) {
        return switch (job.tracking()) {
            case FULL -> store.create(job.record());
            case LEAN -> store.createLean(job.record());
            case NONE -> CreateResult.created(job.id());
        };
    }

    /**
     * The send may have reached SQS. Never release the dedup key or mark the record FAILED on a guess: a caller's
     * retry would then create a second job while the first message runs.
     */
    private String afterAmbiguousSend(PreparedJob job, RuntimeException sendError) {
        if (!job.tracking().recordsAtEnqueue()) {
            // no record to look at and nothing that would re-send it: the caller must decide
            throw new EnqueueOutcomeUnknownException(job.id(), "job " + job.id() + " may or may not have been sent"
                    + " (SendMessage: " + sendError.getMessage() + "); it is tracked '" + job.tracking().wireName()
                    + "', so no record shows which, and nothing re-sends it."
                    + (job.record().dedupKey() != null ? " Retrying with the same dedup key returns this job." : ""), sendError);
        }
        Optional<Job> current;
        try {
            current = store.get(job.id());
        } catch (RuntimeException readError) {
            sendError.addSuppressed(readError);
            current = Optional.empty();
        }
        if (current.isPresent() && current.get().status() != JobStatus.QUEUED) {
            LOG.info("job {}: SendMessage reported {}, but the record is {}: the message got through", job.id(),
                    sendError.getClass().getSimpleName(), current.get().status());
            return job.id();
        }
        LOG.warn("job {}: the outcome of its SendMessage is unknown ({}); the record stays QUEUED and the reconciler"
                + " re-sends it if no worker claims it", job.id(), sendError.toString());
        throw new EnqueueOutcomeUnknownException(job.id(), "job " + job.id() + " may or may not have been sent (SendMessage: "
                + sendError.getMessage() + "); its record stays QUEUED and the reconciler re-sends it if it was not."
                + (job.record().dedupKey() != null ? " Retrying with the same dedup key returns this job."
                : " Do not enqueue it again; follow it with get(\"" + job.id() + "\")."), sendError);
    }

    private static boolean scheduled(PreparedJob job) {
        return job.record().status() == JobStatus.SCHEDULED;
    }

    /**
     * Creates the job's one-time schedule; on a definite failure the job is marked FAILED and the failure returned.
     * The schedule's name is the job's own ({@code job-<id>}), so a conflict means an earlier attempt of this very
     * call created it (the SDK retried after a lost response): that is success. An ambiguous failure (timeout, 5xx) is
     * settled by reading the schedule back; when even that fails the record stays SCHEDULED, the caller gets
     * {@link EnqueueOutcomeUnknownException}, and if no schedule fires, the reconciler sends the stored message once
     * the run-at time has passed.
     */
    private Optional<JobkitException> schedule(PreparedJob job) {
        String name = job.record().scheduleName();
        try {
            schedules.create(name, job.record().runAt(), preparer.queue(job.record().queue()),
                    job.message().body(), job.message().groupId());
            return Optional.empty();
        } catch (software.amazon.awssdk.services.scheduler.model.ConflictException alreadyThere) {
            LOG.info("job {}: CreateSchedule answered that {} exists: an earlier attempt of this call created it",
                    job.id(), name);
            return Optional.empty();
        } catch (RuntimeException e) {
            if (SendFailures.isDefiniteRefusal(e)) {
                return Optional.of(sendFailed(job, "CreateSchedule failed: " + e.getMessage(), e));
            }
            Optional<Boolean> exists;
            try {
                exists = Optional.of(schedules.exists(name));
            } catch (RuntimeException readError) {
                e.addSuppressed(readError);
                exists = Optional.empty();
            }
            if (exists.isPresent() && exists.get()) {
                LOG.info("job {}: CreateSchedule reported {}, but schedule {} exists: it got through", job.id(),
                        e.getClass().getSimpleName(), name);
                return Optional.empty();
            }
            if (exists.isPresent()) return Optional.of(sendFailed(job, "CreateSchedule failed: " + e.getMessage(), e));
            LOG.warn("job {}: the outcome of CreateSchedule {} is unknown ({}); the record stays SCHEDULED and, if"
                    + " no schedule fires, the reconciler sends it after its run-at time", job.id(), name, e.toString());
            return Optional.of(new EnqueueOutcomeUnknownException(job.id(), "job " + job.id() + " may or may not have"
                    + " been scheduled (CreateSchedule: " + e.getMessage() + "); its record stays SCHEDULED and, if no"
                    + " schedule fires, the reconciler sends it after its run-at time. Do not enqueue it again; follow it with get(\""
                    + job.id() + "\").", e));
        }
    }

    /** One result per request, in order; a failing item never fails the others. */
    public List<EnqueueResult> enqueueAll(List<EnqueueRequest> requests, Envelope.Context context) {
        return enqueueAll(requests, context, null);
    }

    /** As above, with ids chosen beforehand (one per request, see {@link JobPreparer#prepare(EnqueueRequest, Envelope.Context, String)}). */
    public List<EnqueueResult> enqueueAll(List<EnqueueRequest> requests, Envelope.Context context, List<String> presetIds) {
        EnqueueResult[] results = new EnqueueResult[requests.size()];
        List<PreparedJob> prepared = new ArrayList<>();
        List<Integer> positions = new ArrayList<>();
        for (int i = 0; i < requests.size(); i++) {
            if (requests.get(i) == null) {
                results[i] = new EnqueueResult(null, false, new JobValidationException("request " + (i + 1) + " of "
                        + requests.size() + " is null; pass an EnqueueRequest for every position"));
                continue;
            }
            try {
                prepared.add(preparer.prepare(requests.get(i), context, presetIds == null ? null : presetIds.get(i)));
                positions.add(i);
            } catch (JobkitException e) {
                results[i] = new EnqueueResult(null, false, e);
            }
        }
        List<CreateResult> created = createAll(prepared);
        List<PreparedJob> toSend = new ArrayList<>();
        List<Integer> sendPositions = new ArrayList<>();
        for (int k = 0; k < prepared.size(); k++) {
            PreparedJob job = prepared.get(k);
            int i = positions.get(k);
            CreateResult c = created.get(k);
            if (!c.written()) {
                results[i] = new EnqueueResult(job.id(), false,
                        new JobkitException("job " + job.id() + " could not be written (" + c.failure() + "); nothing was sent"));
            } else if (c.duplicate()) {
                results[i] = new EnqueueResult(c.jobId(), true, null);
            } else if (scheduled(job)) {
                // EventBridge Scheduler has no batch create: one CreateSchedule per job, each failing alone
                results[i] = new EnqueueResult(job.id(), false, schedule(job).orElse(null));
            } else {
                toSend.add(job);
                sendPositions.add(i);
            }
        }
        Map<String, MessageSender.Failure> failures = sender.sendAll(toSend.stream().map(PreparedJob::message).toList());
        for (int k = 0; k < toSend.size(); k++) {
            PreparedJob job = toSend.get(k);
            MessageSender.Failure failure = failures.get(job.id());
            EnqueueResult result;
            if (failure == null) {
                result = new EnqueueResult(job.id(), false, null);
            } else if (failure.ambiguous()) {
                // as for a single enqueue: never mark FAILED on a guess; the record stays QUEUED for the reconciler
                try {
                    result = new EnqueueResult(afterAmbiguousSend(job, new RuntimeException(failure.reason())), false, null);
                } catch (EnqueueOutcomeUnknownException unknown) {
                    result = new EnqueueResult(job.id(), false, unknown);
                }
            } else {
                result = new EnqueueResult(job.id(), false, sendFailed(job, failure.reason(), null));
            }
            results[sendPositions.get(k)] = result;
        }
        return Arrays.asList(results);
    }

    /** {@link #create} for many jobs: the fully tracked ones in batches, the others one by one (dedup keys only). */
    private List<CreateResult> createAll(List<PreparedJob> prepared) {
        List<PreparedJob> full = prepared.stream().filter(j -> j.tracking() == io.jobkit.client.TrackingLevel.FULL).toList();
        List<CreateResult> fullResults = full.isEmpty() ? List.of()
                : store.createAll(full.stream().map(PreparedJob::record).toList());
        List<CreateResult> results = new ArrayList<>();
        int k = 0;
        for (PreparedJob job : prepared) {
            if (job.tracking() == io.jobkit.client.TrackingLevel.FULL) {
                results.add(fullResults.get(k++));
                continue;
            }
            try {
                results.add(create(job));
            } catch (RuntimeException e) {
                results.add(CreateResult.failed(job.id(), e.getMessage()));
            }
        }
        return results;
    }

    private EnqueueException sendFailed(PreparedJob job, String reason, Throwable cause) {
        if (!job.tracking().recordsAtEnqueue()) {
            EnqueueException failure = new EnqueueException(job.id(), "job " + job.id() + " was not enqueued: " + reason
                    + "; nothing was recorded (tracking '" + job.tracking().wireName() + "') and it may be enqueued again", cause);
            try {
                if (job.record().dedupKey() != null) {
                    store.releaseDedup(job.record().type(), job.record().dedupKey(), job.id());
                }
            } catch (RuntimeException cleanup) {
                failure.addSuppressed(cleanup);
            }
            return failure;
        }
        EnqueueException failure = new EnqueueException(job.id(), "job " + job.id() + " was not enqueued: " + reason
                + "; its record is marked FAILED and may be enqueued again", cause);
        try {
            store.markEnqueueFailed(job.id(), new JobError("EnqueueFailed", reason, null, 0));
            if (job.record().dedupKey() != null) {
                store.releaseDedup(job.record().type(), job.record().dedupKey(), job.id());
            }
        } catch (RuntimeException cleanup) {
            failure.addSuppressed(cleanup);
        }
        return failure;
    }
}
