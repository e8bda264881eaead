package io.jobkit.local;

import io.jobkit.client.JobClient;

/** What {@code local/run up} starts next to the cloud to run jobs: the container worker or the Lambda path. */
interface LocalRuntime extends AutoCloseable {

    /** A client on the cloud, for the demo's jobs. */
    JobClient client();

    /** One line for the start-up report, e.g. {@code worker w-1 serves every queue with concurrency 8}. */
    String describe();

    /** Stops gracefully, bounded; never throws. */
    @Override
    void close();
}
