package io.jobkit.admin;

import io.jobkit.client.JobClient;
import io.jobkit.client.JobkitException;
import io.jobkit.client.control.QueueControl;
import io.jobkit.client.control.QueueControls;
import software.amazon.awssdk.services.lambda.LambdaClient;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Queue pause and resume, as both the admin API and {@code jobkit queues pause|resume} do it.
 *
 * <ol>
 *   <li>Write the queue's control item ({@code QUEUE#<name>}/{@code CONTROL}): container workers and the local
 *       event source stop receiving within 5 s.</li>
 *   <li>With {@code JOBKIT_ADMIN_PAUSE_LAMBDA=true} (or a Lambda client given), disable (enable on resume) every
 *       Lambda event source mapping whose source is the queue, found by {@code ListEventSourceMappings
 *       EventSourceArn=<queue ARN>}.</li>
 * </ol>
 * A failure in step 2 leaves step 1 done and throws {@link EventSourcesFailed}; both steps are idempotent, so the
 * caller repeats the call.
 */
public final class QueuePause implements AutoCloseable {
    /** What a pause or resume changed. */
    public record Result(QueueControl control, List<String> eventSourceMappings) {
        public Result {
            eventSourceMappings = List.copyOf(eventSourceMappings);
        }
    }

    /** The control item is written, but Lambda refused or could not be reached. */
    public static final class EventSourcesFailed extends JobkitException {
        EventSourcesFailed(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final QueueControls controls;
    private final EventSources eventSources;
    private final LambdaClient owned;

    private QueuePause(QueueControls controls, EventSources eventSources, LambdaClient owned) {
        this.controls = controls;
        this.eventSources = eventSources;
        this.owned = owned;
    }

    /**
     * From the environment: the control items in {@code client}'s table, and the event source switch when
     * {@value AdminServer#PAUSE_LAMBDA_VARIABLE}{@code =true} (a Lambda client is built from {@code env} then, and
     * closed by {@link #close()}).
     */
    public static QueuePause fromEnvironment(JobClient client, Map<String, String> env, Clock clock) {
        LambdaClient lambda = EventSources.enabledIn(env) ? EventSources.lambdaClient(env) : null;
        return create(client, new QueueControls(client.runtime().dynamoDb(), client.topology().tableName(), clock), lambda, lambda);
    }

    static QueuePause create(JobClient client, QueueControls controls, LambdaClient lambda, LambdaClient owned) {
        Objects.requireNonNull(controls, "controls");
        return new QueuePause(controls, lambda == null ? null : new EventSources(client, lambda), owned);
    }

    /** Whether pause also switches Lambda event source mappings. */
    public boolean switchesEventSources() {
        return eventSources != null;
    }

    public Result pause(String queue, String by) {
        return set(queue, true, by);
    }

    public Result resume(String queue, String by) {
        return set(queue, false, by);
    }

    private Result set(String queue, boolean paused, String by) {
        // the control item first: container workers stop within 5 s even if Lambda then refuses
        QueueControl c = paused ? controls.pause(queue, by) : controls.resume(queue, by);
        List<String> changed = eventSources == null ? List.of() : eventSources.setEnabled(queue, !paused);
        return new Result(c, changed);
    }

    @Override
    public void close() {
        if (owned != null) owned.close();
    }
}
