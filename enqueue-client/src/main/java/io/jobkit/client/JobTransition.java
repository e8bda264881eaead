package io.jobkit.client;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/**
 * The transition table: every way a job record changes state, with the states it may come from. The job store
 * turns each into one conditional write whose condition names exactly these source states, so two actors racing
 * for the same job cannot both win.
 *
 * <p>Creation transitions have an empty source set: they are conditional on the record not existing yet.
 */
public enum JobTransition {
    /** The client wrote the record and is about to send the message. */
    ENQUEUE(Set.of(), JobStatus.QUEUED),
    /** The client wrote the record and a one-time schedule will send the message at run-at time. */
    SCHEDULE(Set.of(), JobStatus.SCHEDULED),
    /** Sending the message (or creating the schedule) failed after the record was written: the job never left. */
    ENQUEUE_FAILED(EnumSet.of(JobStatus.QUEUED, JobStatus.SCHEDULED), JobStatus.FAILED),
    /**
     * A worker takes the job. Also allowed from RUNNING when the lease has expired (a stalled worker) — the store
     * adds that lease condition — and creates the record when none exists (recurring firings, raw SendMessage).
     */
    CLAIM(EnumSet.of(JobStatus.SCHEDULED, JobStatus.QUEUED, JobStatus.RETRYING, JobStatus.RUNNING), JobStatus.RUNNING),
    /** A message came back from the DLQ (redrive): a FAILED job starts a fresh attempt cycle. */
    CLAIM_REDRIVEN(EnumSet.of(JobStatus.FAILED), JobStatus.RUNNING),
    /** The worker holding the lease extends it (also records progress and log lines). */
    EXTEND_LEASE(EnumSet.of(JobStatus.RUNNING), JobStatus.RUNNING),
    SUCCEED(EnumSet.of(JobStatus.RUNNING), JobStatus.SUCCEEDED),
    /** An attempt failed and attempts remain, or the worker released the job while shutting down. */
    RETRY(EnumSet.of(JobStatus.RUNNING), JobStatus.RETRYING),
    /** Attempts exhausted or a permanent error: the message goes to the DLQ. */
    FAIL(EnumSet.of(JobStatus.RUNNING), JobStatus.FAILED),
    /** A message that can never run (malformed body, unknown type) is sent to the DLQ before any attempt. */
    REJECT(EnumSet.of(JobStatus.SCHEDULED, JobStatus.QUEUED, JobStatus.RETRYING), JobStatus.FAILED),
    /** Cancel of a job no worker is running: it never runs. */
    CANCEL(EnumSet.of(JobStatus.SCHEDULED, JobStatus.QUEUED, JobStatus.RETRYING), JobStatus.CANCELLED),
    /** The worker running a job saw a cancel request (or its handler gave up as cancelled). */
    CANCEL_RUNNING(EnumSet.of(JobStatus.RUNNING), JobStatus.CANCELLED),
    /**
     * The reconciler found a record that nothing will move (stale, no message or schedule behind it) and no stored
     * message to send again: it fails the record with the reason instead of leaving it waiting forever.
     */
    ABANDON(EnumSet.of(JobStatus.SCHEDULED, JobStatus.QUEUED, JobStatus.RUNNING, JobStatus.RETRYING), JobStatus.FAILED),
    /** An operator re-runs a FAILED job: a fresh attempt cycle with a new message. */
    RETRY_MANUALLY(EnumSet.of(JobStatus.FAILED), JobStatus.QUEUED);

    private final Set<JobStatus> from;
    private final JobStatus to;

    JobTransition(Set<JobStatus> from, JobStatus to) {
        this.from = from.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(from));
        this.to = to;
    }

    /** The states this transition may start from; empty for transitions that create the record. */
    public Set<JobStatus> from() {
        return from;
    }

    public JobStatus to() {
        return to;
    }

    public boolean createsRecord() {
        return from.isEmpty();
    }
}
