package io.jobkit.testkit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import io.jobkit.client.EnqueueRequest;
import io.jobkit.client.EnqueueResult;
import io.jobkit.client.JobEnqueuer;
import io.jobkit.client.JobOptions;
import io.jobkit.client.JobValidationException;
import io.jobkit.client.JobkitException;
import io.jobkit.client.wire.EnvelopeCodec;
import io.jobkit.handlers.JobHandlers;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * A {@link JobEnqueuer} for services' unit tests: it records what would have been enqueued, asserts on it, and can
 * {@link #drain()} it inline through registered handlers (Sidekiq's inline mode), follow-ups included.
 *
 * <pre>{@code
 * FakeJobClient jobs = FakeJobClient.builder().handlers(myHandlers).build();
 * new SignupService(jobs).signup("ada@example.com");
 * jobs.assertEnqueued("email.send", Payloads.field("to", "ada@example.com"), o -> o.priority() == Priority.HIGH);
 * jobs.drain();
 * }</pre>
 *
 * <p>Like the real client it rejects malformed types and payloads that are not JSON, returns the first job for a
 * live dedup key, and the existing job for a caller-chosen {@code jobId}. It does not check message sizes, queues or
 * FIFO rules (those need the topology; the local-cloud extension tests them for real). Thread-safe.
 */
public final class FakeJobClient implements JobEnqueuer {
    static final ObjectMapper MAPPER = EnvelopeCodec.mapper();
    /** The job type rule of the real client. */
    private static final int DEFAULT_MAX_DRAIN_RUNS = 10_000;

    private final JobHandlers handlers;
    private final Clock clock;
    private final int maxDrainRuns;
    private final List<EnqueuedJob> enqueued = new ArrayList<>();
    private final Deque<EnqueuedJob> pending = new ArrayDeque<>();
    private final Map<String, EnqueuedJob> byId = new HashMap<>();
    private final Map<String, Instant> dedupWindows = new HashMap<>();
    private final Map<String, String> dedupHolders = new HashMap<>();

    private FakeJobClient(Builder b) {
        this.handlers = b.handlers;
        this.clock = b.clock;
        this.maxDrainRuns = b.maxDrainRuns;
    }

    /** A fake without handlers: it records and asserts; {@link #drain()} needs handlers. */
    public static FakeJobClient create() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String enqueue(String type, Object payload, JobOptions options) {
        return record(type, payload, Objects.requireNonNullElse(options, JobOptions.defaults()), null);
    }

    @Override
    public List<EnqueueResult> enqueueAll(List<EnqueueRequest> requests) {
        List<EnqueueResult> results = new ArrayList<>();
        for (EnqueueRequest r : requests) {
            try {
                int before = size();
                String id = enqueue(r.type(), r.payload(), r.options());
                results.add(new EnqueueResult(id, size() == before, null));
            } catch (JobkitException e) {
                results.add(new EnqueueResult(null, false, e));
            }
        }
        return results;
    }

    /** Everything recorded so far (drained or not), in order. */
    public synchronized List<EnqueuedJob> enqueued() {
        return List.copyOf(enqueued);
    }

    public synchronized List<EnqueuedJob> enqueued(String type) {
        return enqueued.stream().filter(j -> j.type().equals(type)).toList();
    }

    public EnqueuedJob assertEnqueued(String type) {
        return assertEnqueued(type, Payloads.any(), o -> true);
    }

    public EnqueuedJob assertEnqueued(String type, Predicate<JsonNode> payload) {
        return assertEnqueued(type, payload, o -> true);
    }

    /**
     * The first recorded job of {@code type} whose payload and options match; otherwise an {@link AssertionError}
     * listing what was enqueued.
     */
    public synchronized EnqueuedJob assertEnqueued(String type, Predicate<JsonNode> payload, Predicate<JobOptions> options) {
        for (EnqueuedJob job : enqueued) {
            if (job.type().equals(type) && payload.test(job.payload()) && options.test(job.options())) return job;
        }
        throw new AssertionError("expected a '" + type + "' job matching the payload and options, but "
                + (enqueued.isEmpty() ? "nothing was enqueued" : "these were enqueued:\n" + listing()));
    }

    public synchronized void assertNothingEnqueued() {
        if (!enqueued.isEmpty()) {
            throw new AssertionError("expected nothing to be enqueued, but " + enqueued.size() + " jobs were:\n" + listing());
        }
    }

    /** Forgets everything recorded, pending jobs and held dedup keys and ids included. */
    public synchronized void clear() {
        enqueued.clear();
        pending.clear();
        byId.clear();
        dedupWindows.clear();
        dedupHolders.clear();
    }

    /**
     * Runs every pending job inline through the registered handlers, in enqueue order, and the follow-ups they
     * enqueue, until none is left. Retries run again at once (delays are not waited for) up to the job's
     * {@code maxAttempts}. Returns each job's final outcome.
     *
     * @throws IllegalStateException a job has no handler, or more than {@code maxDrainRuns} attempts ran (a job
     *                               that enqueues itself forever)
     */
    public List<DrainedJob> drain() {
        if (handlers == null) {
            throw new IllegalStateException("this FakeJobClient has no handlers to drain into;"
                    + " build it with FakeJobClient.builder().handlers(...)");
        }
        List<DrainedJob> drained = new ArrayList<>();
        int runs = 0;
        for (EnqueuedJob job = poll(); job != null; job = poll()) {
            if (handlers.find(job.type()).isEmpty()) {
                throw new IllegalStateException("no handler for job type '" + job.type() + "' (job " + job.id()
                        + "); registered: " + handlers.types() + ". A worker would dead-letter it");
            }
            JobHandlerTester<Object, Object> tester = JobHandlerTester.of(handlers, job.type()).recordingInto(this)
                    .timeout(job.options().timeout()).clock(clock)
                    .queue(Objects.requireNonNullElse(job.options().queue(), "normal"));
            int max = job.options().maxAttempts();
            HandlerOutcome outcome = null;
            int attempt = 0;
            while (attempt < max) {
                attempt++;
                if (++runs > maxDrainRuns) {
                    throw new IllegalStateException("drain ran " + maxDrainRuns + " attempts and jobs keep coming;"
                            + " does a handler enqueue itself?");
                }
                outcome = tester.run(job.id(), job.payload(), attempt, max).outcome();
                if (!(outcome instanceof HandlerOutcome.Retry)) break;
            }
            drained.add(new DrainedJob(job, outcome, attempt));
        }
        return drained;
    }

    /** A view that records jobs as follow-ups of {@code parentJobId}. */
    JobEnqueuer asParent(String parentJobId) {
        FakeJobClient fake = this;
        return new JobEnqueuer() {
            @Override
            public String enqueue(String type, Object payload, JobOptions options) {
                return fake.record(type, payload, Objects.requireNonNullElse(options, JobOptions.defaults()), parentJobId);
            }

            @Override
            public List<EnqueueResult> enqueueAll(List<EnqueueRequest> requests) {
                List<EnqueueResult> results = new ArrayList<>();
                for (EnqueueRequest r : requests) results.add(new EnqueueResult(enqueue(r.type(), r.payload(), r.options()), false, null));
                return results;
            }
        };
    }

    private synchronized EnqueuedJob poll() {
        return pending.pollFirst();
    }

    private synchronized int size() {
        return enqueued.size();
    }

    private synchronized String record(String type, Object payload, JobOptions options, String parent) {
        io.jobkit.client.spi.JobTypes.validate(type); // the real client's rule and message
        JsonNode json = toJson(payload, MAPPER);
        if (options.jobId() != null && byId.containsKey(options.jobId())) return options.jobId();
        Instant now = clock.instant();
        String dedup = options.dedupKey() == null ? null : type + "\u0000" + options.dedupKey();
        if (dedup != null && dedupWindows.containsKey(dedup) && now.isBefore(dedupWindows.get(dedup))) {
            return dedupHolders.get(dedup);
        }
        String id = options.jobId() != null ? options.jobId() : UUID.randomUUID().toString();
        EnqueuedJob job = new EnqueuedJob(id, type, json, options, parent);
        enqueued.add(job);
        pending.addLast(job);
        byId.put(id, job);
        if (dedup != null) {
            dedupWindows.put(dedup, now.plus(options.dedupWindow()));
            dedupHolders.put(dedup, id);
        }
        return id;
    }

    private String listing() {
        return enqueued.stream().map(j -> "  " + j.type() + " " + j.payload() + " " + j.options()
                + (j.parentJobId() == null ? "" : " (follow-up of " + j.parentJobId() + ")")).collect(Collectors.joining("\n"));
    }

    static JsonNode toJson(Object payload) {
        return toJson(payload, MAPPER);
    }

    /** As the real client: a {@code JsonNode} as is, a string parsed as JSON text, anything else serialised. */
    static JsonNode toJson(Object payload, ObjectMapper mapper) {
        if (payload == null) return NullNode.getInstance();
        if (payload instanceof JsonNode node) return node;
        if (payload instanceof CharSequence text) {
            try {
                return mapper.readTree(text.toString());
            } catch (JsonProcessingException e) {
                throw new JobValidationException("payload is a string but not valid JSON (" + e.getOriginalMessage()
                        + "); pass JSON text, or an object for jobkit to serialise");
            }
        }
        try {
            return mapper.valueToTree(payload);
        } catch (IllegalArgumentException e) {
            throw new JobValidationException("payload of type " + payload.getClass().getName()
                    + " cannot be serialised to JSON: " + e.getMessage(), e);
        }
    }

    public static final class Builder {
        private JobHandlers handlers;
        private Clock clock = Clock.systemUTC();
        private int maxDrainRuns = DEFAULT_MAX_DRAIN_RUNS;

        private Builder() {
        }

        /** The handlers {@link #drain()} runs jobs through. */
        public Builder handlers(JobHandlers handlers) {
            this.handlers = Objects.requireNonNull(handlers, "handlers");
            return this;
        }

        /** The clock for dedup windows and deadlines (default the system clock); a {@link TestClock} in tests. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** The most attempts one {@link #drain()} runs before it calls it a runaway (default 10 000). */
        public Builder maxDrainRuns(int maxDrainRuns) {
            if (maxDrainRuns < 1) throw new IllegalArgumentException("maxDrainRuns must be 1 or more");
            this.maxDrainRuns = maxDrainRuns;
            return this;
        }

        public FakeJobClient build() {
            return new FakeJobClient(this);
        }
    }
}
