package io.jobkit.cdk;

/** What consumes a jobkit queue in the deployed stack. */
public enum WorkerRuntime {
    /** A Lambda function with an SQS event source (the default: no idle cost, scales per message). */
    LAMBDA,
    /**
     * The ECS Fargate service running {@code jobkit worker}: for jobs longer than Lambda's 15 minutes, steady high
     * volume, or work that wants a warm JVM and local caches. All Fargate queues share one service, so the worker's
     * strict priority and starvation guard apply across them.
     */
    FARGATE,
    /**
     * No consumer is deployed: the queue is served by workers run elsewhere (EC2, EKS, on premises) with the same
     * {@code JOBKIT_*} settings, or is drained by hand. Queue, DLQ and alarms are still created.
     */
    EXTERNAL
}
