/**
 * The service-provider interface between the client and jobkit's own runtimes: the container worker and the Lambda
 * runtime ({@code jobkit-handlers}), the CLI, the local cloud and the test kit. {@link io.jobkit.client.JobClient#runtime()}
 * hands out a {@link io.jobkit.client.spi.ClientRuntime}: the SDK clients, the topology, the job store, queue URLs and
 * ARNs ({@link io.jobkit.client.spi.QueueDirectory}), the message sender and one-time schedules.
 *
 * <p>Applications do not need this package; it may change between minor versions. Everything in
 * {@code io.jobkit.client.internal} is the client's own implementation, and no other module imports it
 * ({@code InternalPackageBoundaryTest} in {@code tests/} fails if one does).
 */
package io.jobkit.client.spi;
