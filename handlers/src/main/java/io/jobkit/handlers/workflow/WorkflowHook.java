package io.jobkit.handlers.workflow;

import io.jobkit.client.wire.Envelope;
import io.jobkit.client.workflow.Workflows;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Objects;

/**
 * The runtimes' one call into workflows: after a job's outcome is recorded (and for every copy of a finished job),
 * tell its chain or batch. {@link Workflows#afterTerminal} is idempotent, so calling it for a duplicate costs a read
 * and changes nothing; that is what makes a crash between recording the outcome and advancing the workflow
 * harmless — the message is acknowledged only after this call returned, so its next delivery calls it again.
 */
public final class WorkflowHook {
    private static final Logger LOG = LoggerFactory.getLogger(WorkflowHook.class);
    /** How long a message whose workflow could not be told waits before it comes back to try again. */
    public static final Duration RETRY_AFTER = Duration.ofSeconds(10);

    private final Workflows workflows;

    public WorkflowHook(Workflows workflows) {
        this.workflows = Objects.requireNonNull(workflows, "workflows");
    }

    /** True when the job's workflow (if any) has heard of its outcome; false when that failed and should be retried. */
    public boolean advance(String jobId, Envelope.Context context) {
        if (context == null || !context.inWorkflow()) return true;
        try {
            workflows.afterTerminal(jobId, context);
            return true;
        } catch (RuntimeException e) {
            LOG.warn("job {}: its outcome is recorded, but its chain/batch could not be told ({}); keeping its message"
                    + " to try again in {}", jobId, e.toString(), RETRY_AFTER, e);
            return false;
        }
    }
}
