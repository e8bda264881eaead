package io.jobkit.client.schedule;

import io.jobkit.client.JobOptions;
import io.jobkit.client.JobValidationException;
import io.jobkit.client.internal.JobPreparer;
import io.jobkit.client.spi.OneTimeSchedules;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A recurring schedule: every time {@link #expression()} fires in {@link #zone()}, between {@link #start()} and
 * {@link #end()}, EventBridge Scheduler enqueues one job of {@link #type()} with {@link #payload()} and
 * {@link #options()}; each firing is its own job, with its own id. Immutable; build with {@link #builder()}.
 *
 * <pre>{@code
 * RecurringSchedule nightly = RecurringSchedule.of(s -> s.name("nightly-report").type("report.build")
 *         .payload(Map.of("kind", "daily")).expression("0 2 * * *").timeZone("Europe/Berlin"));
 * }</pre>
 */
public final class RecurringSchedule {
    /** Tags jobkit puts on every firing's job; user tags may not use this prefix. */
    public static final String RESERVED_TAG_PREFIX = "jobkit.";
    /** Tag on a firing's job: the schedule that enqueued it. */
    public static final String SCHEDULE_TAG = "jobkit.schedule";
    /** Tag on a firing's job: the time EventBridge Scheduler was due to fire (its scheduled-time attribute). */
    public static final String SCHEDULED_TIME_TAG = "jobkit.scheduled-time";
    private static final ZoneId UTC = ZoneId.of("UTC");

    private final String name;
    private final String type;
    private final Object payload;
    private final JobOptions options;
    private final ScheduleExpression expression;
    private final ZoneId zone;
    private final Instant start;
    private final Instant end;
    private final boolean enabled;

    private RecurringSchedule(Builder b) {
        this.name = requireName(b.name);
        this.type = JobPreparer.validateType(b.type);
        this.payload = b.payload;
        this.options = requireRecurringOptions(b.options);
        if (b.expression == null) {
            throw new JobValidationException("schedule '" + name + "' has no expression; use a Unix cron such as"
                    + " '0 9 * * 1-5', cron(...), rate(...) or 'every 15 minutes'");
        }
        this.expression = b.expression;
        this.zone = b.zone;
        this.start = b.start;
        this.end = b.end;
        this.enabled = b.enabled;
        if (start != null && end != null && !end.isAfter(start)) {
            throw new JobValidationException("schedule '" + name + "': end " + end + " is not after start " + start
                    + "; give an end date after the start date");
        }
    }

    /**
     * A recurring schedule's name: EventBridge's rule (1-64 of {@code [0-9a-zA-Z-_.]}), and outside the
     * {@code job-} namespace that jobkit's one-time job schedules use.
     */
    public static String requireName(String name) {
        ScheduleValidation.requireScheduleName(name);
        if (name.startsWith(OneTimeSchedules.JOB_PREFIX)) {
            throw new JobValidationException("schedule name '" + name + "' starts with '" + OneTimeSchedules.JOB_PREFIX
                    + "', which jobkit keeps for the one-time schedules of delayed jobs; choose another name, e.g."
                    + " 'nightly-report'");
        }
        return name;
    }

    private static JobOptions requireRecurringOptions(JobOptions options) {
        if (!options.delay().isZero() || options.runAt() != null) {
            throw new JobValidationException("a recurring schedule's jobs run when it fires, so delay and runAt do not"
                    + " apply; use start(...) to begin later");
        }
        if (options.dedupKey() != null) {
            throw new JobValidationException("a recurring schedule enqueues a new job at every firing, so a dedupKey"
                    + " does not apply; leave it unset");
        }
        for (String key : options.tags().keySet()) {
            if (key.startsWith(RESERVED_TAG_PREFIX)) {
                throw new JobValidationException("tag '" + key + "' uses the prefix '" + RESERVED_TAG_PREFIX + "', which"
                        + " jobkit keeps for the tags it adds to each firing; rename the tag");
            }
        }
        if (options.tags().size() > JobOptions.MAX_TAGS - 2) {
            throw new JobValidationException(options.tags().size() + " tags given; a recurring schedule allows at most "
                    + (JobOptions.MAX_TAGS - 2) + " (jobkit adds " + SCHEDULE_TAG + " and " + SCHEDULED_TIME_TAG + ")");
        }
        return options;
    }

    public static Builder builder() {
        return new Builder();
    }

    public static RecurringSchedule of(Consumer<Builder> customizer) {
        Builder b = builder();
        customizer.accept(b);
        return b.build();
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    public String name() {
        return name;
    }

    public String type() {
        return type;
    }

    /** Whatever was given to the builder; a schedule read back from EventBridge carries a {@code JsonNode}. */
    public Object payload() {
        return payload;
    }

    public JobOptions options() {
        return options;
    }

    public ScheduleExpression expression() {
        return expression;
    }

    /** The IANA time zone cron expressions are evaluated in (DST-aware). */
    public ZoneId zone() {
        return zone;
    }

    /** No firing before this instant; null for none. */
    public Instant start() {
        return start;
    }

    /** No firing at or after this instant; null for none. */
    public Instant end() {
        return end;
    }

    /** False while paused. */
    public boolean enabled() {
        return enabled;
    }

    /**
     * Up to {@code limit} firings strictly after {@code now}, as EventBridge Scheduler plans them: a cron's matches in
     * the schedule's zone, from its start; a rate's multiples of its interval counted from its start or, without one,
     * from {@code rateAnchor} (when the schedule was last created or changed: an unbounded rate starts at once); none
     * at or after its end. Empty while paused.
     */
    public List<Instant> nextFireTimes(Instant now, Instant rateAnchor, int limit) {
        List<Instant> out = new ArrayList<>();
        if (!enabled) return out;
        Optional<Duration> rate = expression.rate();
        if (rate.isPresent()) {
            Instant phase = start != null ? start : rateAnchor;
            long period = rate.get().toMillis();
            long behind = Duration.between(phase, now).toMillis();
            long k = behind < 0 ? 0 : behind / period + 1;
            for (; out.size() < limit; k++) {
                Instant t = phase.plusMillis(k * period);
                if (end != null && !t.isBefore(end)) break;
                out.add(t);
            }
            return out;
        }
        // strictly after now, but a start date that matches the expression fires
        Instant from = start != null && start.isAfter(now) ? start.minusNanos(1) : now;
        for (ZonedDateTime t : expression.nextFireTimes(from.atZone(zone), limit)) {
            if (end != null && !t.toInstant().isBefore(end)) break;
            out.add(t.toInstant());
        }
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RecurringSchedule other && name.equals(other.name) && type.equals(other.type)
                && Objects.equals(payload, other.payload) && options.equals(other.options)
                && expression.equals(other.expression) && zone.equals(other.zone) && Objects.equals(start, other.start)
                && Objects.equals(end, other.end) && enabled == other.enabled;
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, type, payload, options, expression, zone, start, end, enabled);
    }

    @Override
    public String toString() {
        return "RecurringSchedule[name=" + name + ", type=" + type + ", expression=" + expression.original() + " ("
                + expression + "), zone=" + zone + ", start=" + start + ", end=" + end + ", enabled=" + enabled + "]";
    }

    /** Builds a {@link RecurringSchedule}; name, type and expression are required. */
    public static final class Builder {
        private String name;
        private String type;
        private Object payload;
        private JobOptions options = JobOptions.defaults();
        private ScheduleExpression expression;
        private ZoneId zone = UTC;
        private Instant start;
        private Instant end;
        private boolean enabled = true;

        private Builder() {
        }

        private Builder(RecurringSchedule s) {
            name = s.name;
            type = s.type;
            payload = s.payload;
            options = s.options;
            expression = s.expression;
            zone = s.zone;
            start = s.start;
            end = s.end;
            enabled = s.enabled;
        }

        /** Required: 1-64 letters, digits, '-', '_', '.'; not starting with {@code job-}. The upsert key. */
        public Builder name(String name) {
            this.name = name;
            return this;
        }

        /** Required: the job type each firing enqueues. */
        public Builder type(String type) {
            this.type = type;
            return this;
        }

        /** Default JSON null. Any Jackson-serialisable object, a {@code JsonNode}, or a JSON string. */
        public Builder payload(Object payload) {
            this.payload = payload;
            return this;
        }

        /**
         * Default {@link JobOptions#defaults()}. Priority, queue, attempts, backoff, timeout, tags and group key apply
         * to every firing; delay, runAt and dedupKey are refused.
         */
        public Builder options(JobOptions options) {
            this.options = Objects.requireNonNull(options, "options");
            return this;
        }

        public Builder options(Consumer<JobOptions.Builder> options) {
            return options(JobOptions.of(options));
        }

        /**
         * Required: a Unix 5-field cron ({@code 0 9 * * 1-5}), an EventBridge {@code cron(...)} or {@code rate(...)},
         * or {@code every N minutes|hours|days}; see {@link ScheduleExpression}.
         */
        public Builder expression(String expression) {
            this.expression = ScheduleExpression.parse(expression);
            return this;
        }

        public Builder expression(ScheduleExpression expression) {
            this.expression = Objects.requireNonNull(expression, "expression");
            return this;
        }

        /** Default UTC. An IANA zone id such as {@code Europe/Berlin}; unknown ids are refused with a suggestion. */
        public Builder timeZone(String zone) {
            this.zone = ScheduleValidation.zone(zone);
            return this;
        }

        public Builder timeZone(ZoneId zone) {
            Objects.requireNonNull(zone, "zone");
            this.zone = zone.equals(ZoneOffset.UTC) ? UTC : ScheduleValidation.zone(zone.getId());
            return this;
        }

        /** Default none: fire from now on. A rate schedule counts its interval from here. */
        public Builder start(Instant start) {
            this.start = start;
            return this;
        }

        /** Default none: fire until deleted. */
        public Builder end(Instant end) {
            this.end = end;
            return this;
        }

        /** Default true; false creates the schedule paused. */
        public Builder enabled(boolean enabled) {
            this.enabled = enabled;
            return this;
        }

        public RecurringSchedule build() {
            return new RecurringSchedule(this);
        }
    }
}
