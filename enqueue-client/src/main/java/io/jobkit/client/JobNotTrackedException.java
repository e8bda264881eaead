package io.jobkit.client;

/**
 * Thrown by {@link JobClient#get} for a job that exists but has no record to show: a {@code lean} job before its
 * first claim (its record is written when a worker picks it up), or a {@code none} job (never recorded). Not the
 * same as a missing job, which {@code get} answers with an empty result.
 */
public final class JobNotTrackedException extends JobkitException {
    private final String jobId;
    private final TrackingLevel tracking;

    public JobNotTrackedException(String jobId, TrackingLevel tracking) {
        super(sentence(jobId, tracking));
        this.jobId = jobId;
        this.tracking = tracking;
    }

    private static String sentence(String id, TrackingLevel tracking) {
        return tracking == TrackingLevel.LEAN
                ? "job " + id + " is not tracked yet: it is tracked 'lean', so its record is written when a worker first"
                + " claims it; until then it waits in its queue (ask again once it has started)"
                : "job " + id + " is tracked 'none': jobkit keeps no record of it; look at its queue and DLQ instead";
    }

    public String jobId() {
        return jobId;
    }

    /** {@link TrackingLevel#LEAN} (not claimed yet) or {@link TrackingLevel#NONE} (never recorded). */
    public TrackingLevel tracking() {
        return tracking;
    }

    /** A stable code for APIs: {@code NOT_TRACKED_YET} (lean) or {@code NOT_TRACKED} (none). */
    public String code() {
        return tracking == TrackingLevel.LEAN ? "NOT_TRACKED_YET" : "NOT_TRACKED";
    }
}
