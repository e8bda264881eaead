package io.jobkit.client.workflow;

import io.jobkit.client.EnqueueRequest;
import io.jobkit.client.JobOptions;
import io.jobkit.client.JobValidationException;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * One node of a workflow: a job, a chain of nodes run one after another, or a batch of nodes run side by side. A
 * chain step may be a job or a batch (a batch step is a chord: the chain goes on when the batch completes); a batch
 * member may be a job, a chain or another batch.
 *
 * <pre>{@code
 * jobs.chain(Flow.job("order.validate", order),
 *            Flow.batch(List.of(Flow.job("stock.reserve", a), Flow.job("stock.reserve", b))),
 *            Flow.job("order.confirm", order, o -> o.delay(Duration.ofMinutes(5))));
 * }</pre>
 */
public sealed interface Flow {

    /** A job; its options' delay counts from when the job is enqueued (for a chain step: when the step before ends). */
    record Job(EnqueueRequest request) implements Flow {
        public Job {
            Objects.requireNonNull(request, "request");
            if (request.options().jobId() != null) {
                throw new JobValidationException("workflow job '" + request.type() + "' sets jobId; jobkit names"
                        + " workflow members itself (so a re-delivered step is never enqueued twice): leave it unset");
            }
        }
    }

    /** Steps run in order; step n+1 starts when step n succeeds. */
    record Chain(List<Flow> steps) implements Flow {
        public Chain {
            steps = List.copyOf(steps);
            if (steps.isEmpty()) throw new JobValidationException("a chain needs at least one step");
            for (int i = 0; i < steps.size(); i++) {
                if (steps.get(i) instanceof Chain) {
                    throw new JobValidationException("chain step " + (i + 1) + " is itself a chain; list its steps"
                            + " in this chain instead (a step may be a job or a batch)");
                }
            }
        }
    }

    /** Members run side by side; the batch's callbacks fire once their conditions are reached. */
    record Batch(List<Flow> members, BatchOptions options) implements Flow {
        public Batch {
            members = List.copyOf(members);
            options = Objects.requireNonNullElse(options, BatchOptions.defaults());
        }
    }

    static Flow job(String type, Object payload) {
        return new Job(EnqueueRequest.of(type, payload));
    }

    static Flow job(String type, Object payload, Consumer<JobOptions.Builder> options) {
        return new Job(EnqueueRequest.of(type, payload, JobOptions.of(options)));
    }

    static Flow job(EnqueueRequest request) {
        return new Job(request);
    }

    static Flow chain(Flow... steps) {
        return new Chain(Arrays.asList(steps));
    }

    static Flow batch(List<Flow> members) {
        return new Batch(members, BatchOptions.defaults());
    }

    static Flow batch(List<Flow> members, BatchOptions options) {
        return new Batch(members, options);
    }

    /** Jobs as batch members. */
    static List<Flow> jobs(List<EnqueueRequest> requests) {
        return requests.stream().map(r -> (Flow) new Job(Objects.requireNonNull(r, "request"))).toList();
    }
}
