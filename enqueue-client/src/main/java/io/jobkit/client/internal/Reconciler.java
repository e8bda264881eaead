package io.jobkit.client.internal;

import io.jobkit.client.spi.QueueDirectory;

import io.jobkit.client.Job;
import io.jobkit.client.JobError;
import io.jobkit.client.JobStatus;
import io.jobkit.client.ReconcileOptions;
import io.jobkit.client.ReconcileReport;
import io.jobkit.client.store.JobStore;
import io.jobkit.client.store.ReconcilerLease;
import io.jobkit.client.store.TransitionResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Finds records that sit in a non-terminal state with nothing left to move them, and repairs them.
 *
 * <ol>
 *   <li>Take the table's reconciler lease ({@link ReconcilerLease}); if another run holds it, report that and stop.</li>
 *   <li>For each waiting state, list the records created before {@code now - olderThan} through the status index
 *       (nothing younger can be stale), and read each one.</li>
 *   <li>A record is stale when the end of its longest legitimate wait lies more than {@code olderThan} in the past:
 *       QUEUED — last update plus SQS's 15-minute maximum delay; SCHEDULED — its run-at time; RUNNING — its lease
 *       expiry; RETRYING — its next-attempt time. Any of those would have produced a claim (which moves the record)
 *       had a message or schedule been there.</li>
 *   <li>Repair: send the stored envelope to the job's queue again, after a conditional write that bumps updatedAt
 *       (so the next run waits a full threshold before re-sending again, and a record that moved meanwhile is left
 *       alone). If a copy of the message did survive, the worker's conditional claim lets only one copy run. With no
 *       stored envelope left, fail the record with the reason (conditional too).</li>
 *   <li>Then the workflows still listed as being created with no sign of their creator for {@code olderThan}
 *       ({@link WorkflowRepairs}): a batch is sealed with the members enqueued by then, a chain gets its first step.</li>
 *   <li>Release the lease and return a report; every repair is logged.</li>
 * </ol>
 *
 * <p>SQS cannot be asked whether a given message exists, so staleness is judged from the record's times only; that
 * is sound because re-sending is always harmless, and failing happens only when nothing could be re-sent.
 */
public final class Reconciler {
    /** SQS's largest DelaySeconds: a QUEUED record may legitimately wait this long before its message is visible. */
    static final Duration MAX_SQS_DELAY = Duration.ofMinutes(15);
    /** How long the lease is held; a run is bounded by {@link ReconcileOptions#limit()} to finish well within it. */
    static final Duration LEASE = Duration.ofMinutes(10);
    private static final Logger LOG = LoggerFactory.getLogger(Reconciler.class);
    private static final List<JobStatus> WAITING = List.of(JobStatus.QUEUED, JobStatus.SCHEDULED, JobStatus.RUNNING,
            JobStatus.RETRYING);

    private final JobStore store;
    private final ReconcilerLease lease;
    private final StoredEnvelopes envelopes;
    private final Clock clock;
    private final WorkflowRepairs workflows;

    /** The workflow step of a run, implemented by the workflow package (which depends on this one, not the reverse). */
    @FunctionalInterface
    public interface WorkflowRepairs {
        WorkflowRepairs NONE = (now, olderThan, dryRun, limit) -> new Result(List.of(), 0, 0);

        Result repair(Instant now, Duration olderThan, boolean dryRun, int limit);

        /** @param examined open workflows old enough to be looked at; {@code lostRaces} moved on meanwhile */
        record Result(List<ReconcileReport.Repair> repairs, int examined, int lostRaces) {
        }
    }

    public Reconciler(JobStore store, ReconcilerLease lease, SqsClient sqs, QueueDirectory queues, Clock clock) {
        this(store, lease, sqs, queues, clock, WorkflowRepairs.NONE);
    }

    public Reconciler(JobStore store, ReconcilerLease lease, SqsClient sqs, QueueDirectory queues, Clock clock,
                      WorkflowRepairs workflows) {
        this.workflows = workflows;
        this.store = store;
        this.lease = lease;
        this.envelopes = new StoredEnvelopes(sqs, queues);
        this.clock = clock;
    }

    public ReconcileReport run(ReconcileOptions options) {
        Optional<String> heldBy = lease.acquire(options.owner(), LEASE);
        if (heldBy.isPresent()) {
            LOG.info("reconciler: another run holds the lease ({}); skipping", heldBy.get());
            return new ReconcileReport(false, heldBy.get(), options.dryRun(), 0, List.of(), 0);
        }
        try {
            return reconcile(options);
        } finally {
            lease.release(options.owner());
        }
    }

    private ReconcileReport reconcile(ReconcileOptions options) {
        Instant now = clock.instant();
        Instant cutoff = now.minus(options.olderThan());
        int examined = 0;
        int lostRaces = 0;
        List<ReconcileReport.Repair> repairs = new ArrayList<>();
        for (JobStatus status : WAITING) {
            for (String id : store.createdBefore(status, cutoff, options.limit() * 4)) {
                if (repairs.size() >= options.limit()) break;
                Optional<Job> read = store.get(id);
                if (read.isEmpty() || read.get().status() != status) continue;
                examined++;
                Job job = read.get();
                Instant waitEnd = waitEnd(job);
                if (!waitEnd.plus(options.olderThan()).isBefore(now)) continue;
                Optional<ReconcileReport.Repair> repair = repair(job, waitEnd, options.dryRun());
                if (repair.isPresent()) repairs.add(repair.get());
                else lostRaces++;
            }
        }
        // workflows have a budget of their own: a backlog of stale jobs (which can fill the job budget run after run)
        // must not keep a half-created batch from ever being settled
        WorkflowRepairs.Result flows = workflows.repair(now, options.olderThan(), options.dryRun(), options.limit());
        examined += flows.examined();
        lostRaces += flows.lostRaces();
        repairs.addAll(flows.repairs());
        ReconcileReport report = new ReconcileReport(true, null, options.dryRun(), examined, repairs, lostRaces);
        LOG.info("reconciler: examined {} waiting record(s) older than {}, {} {}{}", examined, options.olderThan(),
                options.dryRun() ? "would repair" : "repaired", report.repairedByKind(),
                lostRaces > 0 ? ", " + lostRaces + " moved on their own meanwhile" : "");
        return report;
    }

    /**
     * When the record's longest legitimate wait ends; see the class comment. Never before its last update: the
     * reconciler's own re-send bumps updatedAt, so a repaired record is not stale again for a full threshold.
     */
    static Instant waitEnd(Job job) {
        Instant updated = job.updatedAt() != null ? job.updatedAt() : job.createdAt();
        Instant stateWait = switch (job.status()) {
            case QUEUED -> updated.plus(MAX_SQS_DELAY);
            case SCHEDULED -> job.runAt() != null ? job.runAt() : updated;
            case RUNNING -> job.lease() != null && job.lease().expiresAt() != null ? job.lease().expiresAt() : updated;
            case RETRYING -> job.nextAttemptAt() != null ? job.nextAttemptAt() : updated;
            default -> throw new IllegalArgumentException(job.status() + " is not a waiting state");
        };
        return stateWait.isAfter(updated) ? stateWait : updated;
    }

    /** Empty when the record moved between our read and our write (it is not stale then). */
    private Optional<ReconcileReport.Repair> repair(Job job, Instant waitEnd, boolean dryRun) {
        Optional<String> body = store.envelope(job.id());
        String since = "waiting since " + waitEnd;
        if (body.isEmpty()) {
            String reason = "stale " + job.status() + " (" + since + ") with nothing to move it, and its stored message"
                    + " has expired, so it cannot be sent again";
            if (!dryRun && !(store.abandon(job, new JobError("Abandoned", reason, null, job.attempt()))
                    instanceof TransitionResult.Applied)) {
                return Optional.empty();
            }
            LOG.warn("reconciler: job {} {}: {}", job.id(), dryRun ? "would be failed" : "failed", reason);
            return Optional.of(new ReconcileReport.Repair(job.id(), job.status(), ReconcileReport.Action.FAILED, reason));
        }
        String reason = "stale " + job.status() + " (" + since + ") with no claim; its stored message was sent again";
        if (!dryRun) {
            if (!(store.touchForResend(job) instanceof TransitionResult.Applied)) return Optional.empty();
            envelopes.send(job, body.get(), "-reconciled-" + clock.millis());
        }
        LOG.info("reconciler: job {} {}: {}", job.id(), dryRun ? "would be re-sent" : "re-sent", reason);
        return Optional.of(new ReconcileReport.Repair(job.id(), job.status(), ReconcileReport.Action.RESENT, reason));
    }

}
