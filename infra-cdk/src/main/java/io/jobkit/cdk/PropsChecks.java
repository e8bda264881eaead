package io.jobkit.cdk;

import io.jobkit.client.Durations;
import io.jobkit.client.JobClient;
import io.jobkit.client.JobValidationException;
import io.jobkit.client.topology.QueueDef;

import java.time.Duration;
import java.util.List;

/**
 * The checks on {@link JobKitProps} that span several fields. Each failure says how to fix it, before any CDK
 * construct exists (so a bad config never produces half a stack).
 */
final class PropsChecks {

    private PropsChecks() {
    }

    static void check(JobKitProps p) {
        List<String> lambda = p.queuesServedBy(WorkerRuntime.LAMBDA);
        if (p.lambdaCode().isEmpty() && !lambda.isEmpty()) {
            throw new JobValidationException("queues " + lambda + " are served by Lambda but no Lambda code is set;"
                    + " call lambdaBundle(path) with the handlers bundle (built by"
                    + " `mvn -B -pl handlers -am package -DskipTests`)");
        }
        List<String> fargate = p.queuesServedBy(WorkerRuntime.FARGATE);
        if (!fargate.isEmpty() && (p.fargate().isEmpty() || p.fargate().get().image() == null)) {
            throw new JobValidationException("queues " + fargate + " are served by Fargate but no worker image is set;"
                    + " use fargate(f -> f.image(WorkerImage.fromRepository(...)))");
        }
        if (p.dashboard() && p.adminCode().isEmpty()) {
            throw new JobValidationException("dashboard is on but no admin code is set; call adminBundle(path) with the"
                    + " admin bundle (built by `mvn -B -pl admin -am package -DskipTests`)");
        }
        retention(p.queueRetention(), "queue");
        retention(p.dlqRetention(), "DLQ");
        if (p.dlqRetention().compareTo(p.queueRetention()) < 0) {
            throw new JobValidationException("DLQ retention " + p.dlqRetention() + " is shorter than queue retention "
                    + p.queueRetention() + "; a redriven message keeps its original timestamp, so it would expire in"
                    + " the DLQ early. Make the DLQ retention at least as long");
        }
        jobRetention(p);
        for (String key : p.environment().keySet()) {
            if (WorkerEnvironment.RESERVED.contains(key)) {
                throw new JobValidationException("environment variable " + key + " is set by jobkit from the topology;"
                        + " change the topology or handlersProvider instead");
            }
        }
    }

    /** SQS event sources on FIFO queues take at most 10 records and no batching window. */
    static QueueWorkerOptions fifo(QueueDef q, QueueWorkerOptions w) {
        if (q.fifo() && w.runtime() == WorkerRuntime.LAMBDA
                && (w.batchSize() > 10 || !w.maxBatchingWindow().isZero())) {
            throw new JobValidationException("FIFO queue '" + q.name() + "' allows a batch size of at most 10 and no"
                    + " batching window for Lambda; was " + w.batchSize() + " and " + w.maxBatchingWindow());
        }
        return w;
    }

    /**
     * The workers' JOBKIT_RETENTION (when set in the environment; default 7 days) against the queue retention: a
     * finished record that TTL removes while a copy of its message can still be in the queue (a duplicate delivery, a
     * message whose delete failed) lets that copy run as a brand-new job. FAILED records need no check here: the store
     * keeps them at least 14 days, the longest any DLQ keeps a message.
     */
    private static void jobRetention(JobKitProps p) {
        String text = p.environment().get("JOBKIT_RETENTION");
        if (text == null || text.isBlank()) {
            if (JobClient.DEFAULT_RETENTION.compareTo(p.queueRetention()) < 0) {
                throw new JobValidationException("queue retention " + p.queueRetention() + " is longer than the"
                        + " default job retention " + JobClient.DEFAULT_RETENTION + "; set JOBKIT_RETENTION in"
                        + " environment(...) to at least the queue retention");
            }
            return;
        }
        Duration retention;
        try {
            retention = Durations.parse(text);
        } catch (RuntimeException e) {
            throw new JobValidationException("JOBKIT_RETENTION '" + text + "' is not a duration (e.g. 7d, 36h)", e);
        }
        if (retention.compareTo(p.queueRetention()) < 0) {
            throw new JobValidationException("JOBKIT_RETENTION " + Durations.format(retention) + " is shorter than the"
                    + " queue retention " + Durations.format(p.queueRetention()) + "; a finished record would expire"
                    + " while a copy of its message can still be delivered, and that copy would run as a new job."
                    + " Make JOBKIT_RETENTION at least the queue retention, or shorten queueRetention(...)");
        }
    }

    private static void retention(Duration d, String what) {
        if (d == null || d.toSeconds() < 60 || d.compareTo(Duration.ofDays(14)) > 0) {
            throw new JobValidationException(what + " retention " + d + " is out of range; SQS keeps messages 1 minute"
                    + " to 14 days");
        }
    }
}
