package io.jobkit.testkit;

import io.jobkit.client.JobClient;
import io.jobkit.client.EnqueueRequest;
import io.jobkit.client.EnqueueResult;
import io.jobkit.client.JobEnqueuer;
import io.jobkit.client.workflow.BatchCallback;
import io.jobkit.handlers.JobContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.helpers.MessageFormatter;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The recording {@link JobContext} of one inline attempt. Cancellation is simulated three ways: cancelled from the
 * start, after the handler has checked {@link #isCancelled()} a number of times, or by the deadline passing on the
 * tester's clock.
 */
final class TestContext implements JobContext {
    private static final Logger JOB_LOG = LoggerFactory.getLogger("io.jobkit.testkit.job");

    private final String jobId;
    private final String type;
    private final int attempt;
    private final int maxAttempts;
    private final String queue;
    private final Instant deadline;
    private final Clock clock;
    private final String cancelledFromStart;
    private final int cancelAfterChecks;
    private final JobEnqueuer followUps;
    private final JobClient client;
    private final WorkflowPlace place;
    private final com.fasterxml.jackson.databind.ObjectMapper mapper;
    final List<ProgressUpdate> progress = new ArrayList<>();
    final List<String> logLines = new ArrayList<>();
    private int checks;
    private String cancelReason;

    TestContext(String jobId, String type, int attempt, int maxAttempts, String queue, Instant deadline, Clock clock,
                String cancelledFromStart, int cancelAfterChecks, JobEnqueuer followUps, JobClient client,
                WorkflowPlace place, com.fasterxml.jackson.databind.ObjectMapper mapper) {
        this.jobId = jobId;
        this.type = type;
        this.attempt = attempt;
        this.maxAttempts = maxAttempts;
        this.queue = queue;
        this.deadline = deadline;
        this.clock = clock;
        this.cancelledFromStart = cancelledFromStart;
        this.cancelAfterChecks = cancelAfterChecks;
        this.followUps = followUps;
        this.client = client;
        this.place = place;
        this.mapper = mapper;
    }

    @Override
    public String jobId() {
        return jobId;
    }

    @Override
    public String type() {
        return type;
    }

    @Override
    public int attempt() {
        return attempt;
    }

    @Override
    public int maxAttempts() {
        return maxAttempts;
    }

    @Override
    public String queue() {
        return queue;
    }

    @Override
    public Instant deadline() {
        return deadline;
    }

    @Override
    public Duration remaining() {
        Duration left = Duration.between(clock.instant(), deadline);
        return left.isNegative() ? Duration.ZERO : left;
    }

    @Override
    public synchronized void progress(int percent, String message) {
        if (percent < 0 || percent > 100) {
            throw new IllegalArgumentException("progress " + percent + " is out of range; use 0 to 100");
        }
        progress.add(new ProgressUpdate(percent, message));
    }

    @Override
    public synchronized void log(String format, Object... args) {
        String text = MessageFormatter.arrayFormat(format, args).getMessage();
        JOB_LOG.info("[{} {}] {}", type, jobId, text);
        logLines.add(text);
    }

    @Override
    public synchronized boolean isCancelled() {
        if (cancelReason != null) return true;
        checks++;
        if (cancelledFromStart != null) {
            cancelReason = cancelledFromStart;
        } else if (cancelAfterChecks > 0 && checks >= cancelAfterChecks) {
            cancelReason = "cancel requested";
        } else if (timedOut()) {
            cancelReason = "timed out";
        }
        return cancelReason != null;
    }

    @Override
    public synchronized String cancelReason() {
        return cancelReason;
    }

    synchronized boolean timedOut() {
        return !clock.instant().isBefore(deadline);
    }

    /** Whether a cancel (not the deadline) stopped the attempt: the runtime records that as CANCELLED. */
    synchronized boolean cancelRequested() {
        return cancelReason != null && !"timed out".equals(cancelReason);
    }

    @Override
    public JobClient client() {
        if (client != null) return client;
        throw new UnsupportedOperationException("JobHandlerTester has no real JobClient; enqueue follow-ups through"
                + " context.enqueuer() so they are recorded, or give the tester one with .client(jobClient)");
    }

    @Override
    public JobEnqueuer enqueuer() {
        return followUps;
    }

    @Override
    public <T> T previousResult(Class<T> resultType) {
        if (place.previousResult() == null) return null;
        try {
            return mapper.convertValue(place.previousResult(), resultType);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the previous step's result does not convert to "
                    + resultType.getSimpleName() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<String> chainId() {
        return Optional.ofNullable(place.chainId());
    }

    @Override
    public Optional<String> batchId() {
        return Optional.ofNullable(place.batchId());
    }

    @Override
    public Optional<BatchCallback> batchCallback() {
        return Optional.ofNullable(place.callback());
    }

    @Override
    public List<String> addToBatch(List<EnqueueRequest> requests) {
        if (place.batchId() == null) return JobContext.super.addToBatch(requests);
        List<String> ids = new ArrayList<>();
        for (EnqueueResult r : followUps.enqueueAll(requests)) {
            if (r.error() != null) throw r.error(); // as the runtime: a refused member is refused loudly
            ids.add(r.jobId());
        }
        return ids;
    }
}
