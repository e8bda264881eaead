package io.jobkit.local;

import java.util.Map;

/**
 * One started part of the local cloud: an emulator today, the scheduler and the worker later. {@link LocalCloud}
 * keeps them in start order and closes them in reverse, so a later part (a worker polling SQS) always stops before
 * what it depends on.
 */
interface LocalComponent extends AutoCloseable {

    /** For logs and error messages, e.g. {@code SQS (ElasticMQ)}. */
    String name();

    /** What a client in another process needs to reach this part, e.g. {@code AWS_ENDPOINT_URL_SQS}; may be empty. */
    Map<String, String> clientEnvironment();

    /** Stops within a bounded time and never throws: a part that will not stop is logged and left behind. */
    @Override
    void close();
}
