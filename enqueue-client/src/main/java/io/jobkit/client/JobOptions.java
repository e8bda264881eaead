package io.jobkit.client;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * How a job is delivered and retried. Immutable; build with {@link #builder()}, copy with {@link #toBuilder()}.
 * Every field has a default, documented on its builder method.
 */
public final class JobOptions {
    public static final int MAX_ATTEMPTS_LIMIT = 25;
    /** The longest delay SQS applies itself ({@code DelaySeconds}); longer delays go through EventBridge Scheduler. */
    public static final Duration MAX_SQS_DELAY = Duration.ofMinutes(15);
    /** The longest delay (or run-at time ahead of now) jobkit accepts. */
    public static final Duration MAX_DELAY = Duration.ofDays(365);
    public static final Duration MAX_TIMEOUT = Duration.ofHours(24);
    public static final Duration MAX_DEDUP_WINDOW = Duration.ofDays(30);
    public static final int MAX_DEDUP_KEY_LENGTH = 256;
    public static final int MAX_TAGS = 20;
    /** Printable and free of whitespace, so an id can be pasted into a CLI command or a URL path segment. */
    private static final Pattern JOB_ID = Pattern.compile("[^\\p{Cntrl}\\p{Space}]+");
    private static final Pattern GROUP_KEY = Pattern.compile("[\\p{Alnum}\\p{Punct}]{1,128}");
    private static final JobOptions DEFAULTS = builder().build();

    private final Priority priority;
    private final String queue;
    private final Duration delay;
    private final Instant runAt;
    private final int maxAttempts;
    private final Backoff backoff;
    private final Duration timeout;
    private final String dedupKey;
    private final Duration dedupWindow;
    private final Map<String, String> tags;
    private final String groupKey;
    private final String jobId;
    private final TrackingLevel tracking;

    private JobOptions(Builder b) {
        this.priority = Objects.requireNonNull(b.priority, "priority");
        this.queue = b.queue;
        this.delay = b.delay;
        this.runAt = b.runAt;
        this.maxAttempts = b.maxAttempts;
        this.backoff = Objects.requireNonNull(b.backoff, "backoff");
        this.timeout = b.timeout;
        this.dedupKey = b.dedupKey;
        this.dedupWindow = b.dedupWindow;
        this.tags = Map.copyOf(b.tags);
        this.groupKey = b.groupKey;
        this.jobId = b.jobId;
        this.tracking = b.tracking;
        validate();
    }

    private void validate() {
        if (delay.isNegative()) {
            throw new JobValidationException("delay " + Durations.format(delay) + " is negative; use 0 or more (at most 365d)");
        }
        if (delay.compareTo(MAX_DELAY) > 0) {
            throw new JobValidationException("delay " + Durations.format(delay) + " exceeds jobkit's 365-day maximum;"
                    + " enqueue closer to the time the job should run");
        }
        if (runAt != null && !delay.isZero()) {
            throw new JobValidationException("both delay (" + Durations.format(delay) + ") and runAt (" + runAt + ") are"
                    + " set; give one of them");
        }
        if (maxAttempts < 1 || maxAttempts > MAX_ATTEMPTS_LIMIT) {
            throw new JobValidationException("maxAttempts " + maxAttempts + " is out of range; use 1 to " + MAX_ATTEMPTS_LIMIT);
        }
        if (timeout.compareTo(Duration.ofSeconds(1)) < 0 || timeout.compareTo(MAX_TIMEOUT) > 0) {
            throw new JobValidationException("timeout " + Durations.format(timeout) + " is out of range; use 1s to 24h");
        }
        if (dedupKey != null) {
            if (dedupKey.isBlank()) throw new JobValidationException("dedupKey is blank; leave it unset or give a key");
            if (dedupKey.length() > MAX_DEDUP_KEY_LENGTH) {
                throw new JobValidationException("dedupKey is " + dedupKey.length() + " characters long; the limit is "
                        + MAX_DEDUP_KEY_LENGTH + " (hash long natural keys, e.g. SHA-256 hex)");
            }
        }
        if (jobId != null) {
            if (jobId.isBlank()) throw new JobValidationException("jobId is blank; leave it unset for a generated id, or give one");
            if (jobId.length() > MAX_DEDUP_KEY_LENGTH) {
                throw new JobValidationException("jobId is " + jobId.length() + " characters long; the limit is "
                        + MAX_DEDUP_KEY_LENGTH + " (hash long natural keys, e.g. SHA-256 hex)");
            }
            if (!JOB_ID.matcher(jobId).matches()) {
                throw new JobValidationException("jobId '" + jobId + "' contains whitespace or control characters;"
                        + " use letters, digits and punctuation, e.g. 'report-2026-11'");
            }
        }
        if (dedupWindow.compareTo(Duration.ofSeconds(1)) < 0 || dedupWindow.compareTo(MAX_DEDUP_WINDOW) > 0) {
            throw new JobValidationException("dedupWindow " + Durations.format(dedupWindow) + " is out of range; use 1s to 30d");
        }
        if (tags.size() > MAX_TAGS) {
            throw new JobValidationException(tags.size() + " tags given; at most " + MAX_TAGS + " are allowed");
        }
        tags.forEach((k, v) -> {
            if (k.isBlank() || k.length() > 64) {
                throw new JobValidationException("tag key '" + k + "' must be 1-64 characters");
            }
            if (v.length() > 256) throw new JobValidationException("tag '" + k + "' value is over 256 characters");
        });
        if (groupKey != null && !GROUP_KEY.matcher(groupKey).matches()) {
            throw new JobValidationException("groupKey '" + groupKey + "' is invalid; SQS message groups take 1-128"
                    + " letters, digits and punctuation");
        }
    }

    public static JobOptions defaults() {
        return DEFAULTS;
    }

    public static Builder builder() {
        return new Builder();
    }

    public static JobOptions of(Consumer<Builder> customizer) {
        Builder b = builder();
        customizer.accept(b);
        return b.build();
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    public Priority priority() {
        return priority;
    }

    /** The explicit queue, or null to route by type pattern and priority. */
    public String queue() {
        return queue;
    }

    public Duration delay() {
        return delay;
    }

    /** The absolute time the job should run, or null (then {@link #delay()} applies). */
    public Instant runAt() {
        return runAt;
    }

    public int maxAttempts() {
        return maxAttempts;
    }

    public Backoff backoff() {
        return backoff;
    }

    public Duration timeout() {
        return timeout;
    }

    public String dedupKey() {
        return dedupKey;
    }

    public Duration dedupWindow() {
        return dedupWindow;
    }

    public Map<String, String> tags() {
        return tags;
    }

    public String groupKey() {
        return groupKey;
    }

    /** The caller-chosen job id, or null for a generated (time-ordered) one. */
    public String jobId() {
        return jobId;
    }

    /** The job's own tracking level, or null to take its queue's (see {@link TrackingLevel}). */
    public TrackingLevel tracking() {
        return tracking;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof JobOptions other && priority == other.priority && Objects.equals(queue, other.queue)
                && delay.equals(other.delay) && Objects.equals(runAt, other.runAt) && maxAttempts == other.maxAttempts
                && backoff.equals(other.backoff)
                && timeout.equals(other.timeout) && Objects.equals(dedupKey, other.dedupKey)
                && dedupWindow.equals(other.dedupWindow) && tags.equals(other.tags)
                && Objects.equals(groupKey, other.groupKey) && Objects.equals(jobId, other.jobId)
                && tracking == other.tracking;
    }

    @Override
    public int hashCode() {
        return Objects.hash(priority, queue, delay, runAt, maxAttempts, backoff, timeout, dedupKey, dedupWindow, tags, groupKey, jobId, tracking);
    }

    @Override
    public String toString() {
        return "JobOptions[priority=" + priority + ", queue=" + queue + ", delay=" + delay + ", runAt=" + runAt
                + ", maxAttempts=" + maxAttempts
                + ", backoff=" + backoff + ", timeout=" + timeout + ", dedupKey=" + dedupKey + ", dedupWindow="
                + dedupWindow + ", tags=" + tags + ", groupKey=" + groupKey + (jobId == null ? "" : ", jobId=" + jobId)
                + (tracking == null ? "" : ", tracking=" + tracking.wireName()) + "]";
    }

    public static final class Builder {
        private Priority priority = Priority.NORMAL;
        private String queue;
        private Duration delay = Duration.ZERO;
        private Instant runAt;
        private int maxAttempts = 3;
        private Backoff backoff = Backoff.defaults();
        private Duration timeout = Duration.ofMinutes(15);
        private String dedupKey;
        private Duration dedupWindow = Duration.ofHours(1);
        private final Map<String, String> tags = new LinkedHashMap<>();
        private String groupKey;
        private String jobId;
        private TrackingLevel tracking;

        private Builder() {
        }

        private Builder(JobOptions o) {
            priority = o.priority;
            queue = o.queue;
            delay = o.delay;
            runAt = o.runAt;
            maxAttempts = o.maxAttempts;
            backoff = o.backoff;
            timeout = o.timeout;
            dedupKey = o.dedupKey;
            dedupWindow = o.dedupWindow;
            tags.putAll(o.tags);
            groupKey = o.groupKey;
            jobId = o.jobId;
            tracking = o.tracking;
        }

        /** Default {@link Priority#NORMAL}. Picks the priority queue unless a route or explicit queue applies. */
        public Builder priority(Priority priority) {
            this.priority = Objects.requireNonNull(priority, "priority");
            return this;
        }

        /** Numeric priority 0 (least urgent) to 10 (most urgent); see {@link Priority#ofNumeric(int)}. */
        public Builder priority(int priority) {
            return priority(Priority.ofNumeric(priority));
        }

        /** Default: none — the job type's route, else the priority's queue. Must be a queue of the topology. */
        public Builder queue(String queue) {
            this.queue = queue;
            return this;
        }

        /**
         * Default 0, at most 365 days. Up to 15 minutes SQS delivers it late ({@code DelaySeconds}, exact to the
         * second); longer, jobkit creates a one-time EventBridge Scheduler schedule and the job is SCHEDULED until it
         * fires (needs a scheduler client and role: {@code JOBKIT_SCHEDULER_ROLE_ARN}).
         */
        public Builder delay(Duration delay) {
            this.delay = Objects.requireNonNull(delay, "delay");
            return this;
        }

        /**
         * Default none. Run at this time: a one-time EventBridge Scheduler schedule sends the job then (60-second
         * precision; the worker never starts it before {@code runAt}). A time that has passed runs now. At most 365
         * days ahead; not together with a non-zero {@link #delay(Duration)}.
         */
        public Builder runAt(Instant runAt) {
            this.runAt = runAt;
            return this;
        }

        /** Default 3, range 1–25: attempts per cycle before the job is FAILED and its message moves to the DLQ. */
        public Builder maxAttempts(int maxAttempts) {
            this.maxAttempts = maxAttempts;
            return this;
        }

        /** Default {@link Backoff#defaults()}: exponential from 10 s, cap 1 h, 20 % jitter. */
        public Builder backoff(Backoff backoff) {
            this.backoff = Objects.requireNonNull(backoff, "backoff");
            return this;
        }

        /** Default 15 minutes, range 1 s – 24 h: one attempt's time limit; the handler is interrupted after it. */
        public Builder timeout(Duration timeout) {
            this.timeout = Objects.requireNonNull(timeout, "timeout");
            return this;
        }

        /**
         * Default none. Within {@link #dedupWindow(Duration)} of the first enqueue, another enqueue of the same job
         * type with the same key returns the first job's id and sends nothing. At most 256 characters.
         */
        public Builder dedupKey(String dedupKey) {
            this.dedupKey = dedupKey;
            return this;
        }

        /** Default 1 hour, range 1 s – 30 days. */
        public Builder dedupWindow(Duration dedupWindow) {
            this.dedupWindow = Objects.requireNonNull(dedupWindow, "dedupWindow");
            return this;
        }

        /** Adds a tag (at most 20; key 1–64 characters, value up to 256), shown by get/list. */
        public Builder tag(String key, String value) {
            tags.put(Objects.requireNonNull(key, "tag key"), Objects.requireNonNull(value, "tag value"));
            return this;
        }

        public Builder tags(Map<String, String> tags) {
            this.tags.clear();
            tags.forEach(this::tag);
            return this;
        }

        /** Required for FIFO queues, not allowed elsewhere: jobs with the same group key run in order. */
        public Builder groupKey(String groupKey) {
            this.groupKey = groupKey;
            return this;
        }

        /**
         * Default none (jobkit generates a time-ordered UUIDv7). A caller-chosen id makes the enqueue idempotent: when a
         * job with this id exists — in any state, until its record expires with the retention — enqueueing it again
         * returns that id and sends nothing. The check and the write are one conditional put, so concurrent enqueues
         * of one id produce one job. At most 256 characters, no whitespace, e.g. {@code "report-2026-11"}.
         */
        public Builder jobId(String jobId) {
            this.jobId = jobId;
            return this;
        }

        /**
         * Default: the queue's level (itself {@link TrackingLevel#FULL} unless the topology says otherwise). {@code lean}
         * writes nothing before the first claim; {@code none} keeps no record at all. A caller-chosen {@link
         * #jobId(String)} needs {@code full}, and a {@link #dedupKey(String)} needs {@code full} or {@code lean}.
         */
        public Builder tracking(TrackingLevel tracking) {
            this.tracking = tracking;
            return this;
        }

        public JobOptions build() {
            return new JobOptions(this);
        }
    }
}
