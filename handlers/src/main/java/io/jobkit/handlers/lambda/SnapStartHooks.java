package io.jobkit.handlers.lambda;

import org.crac.Core;
import org.crac.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lambda SnapStart's checkpoint hooks (CRaC; a no-op on a JVM without it).
 *
 * <ol>
 *   <li>Before the snapshot: {@link Priming} loads and initialises the classes a batch needs — Jackson, the envelope
 *       codec, the event conversion — so restored environments do not pay for that on their first batch. It opens no
 *       connection and draws no random number. A runtime built during init (SDK clients, worker id) is closed and
 *       dropped, so no connection, credential or id is captured in the snapshot.</li>
 *   <li>After the restore: nothing; the first invocation builds the runtime with a fresh worker id.</li>
 * </ol>
 */
final class SnapStartHooks implements Resource {
    private static final Logger LOG = LoggerFactory.getLogger(SnapStartHooks.class);

    private final JobLambdaHandler handler;

    private SnapStartHooks(JobLambdaHandler handler) {
        this.handler = handler;
    }

    static SnapStartHooks register(JobLambdaHandler handler) {
        SnapStartHooks hooks = new SnapStartHooks(handler);
        Core.getGlobalContext().register(hooks);
        return hooks;
    }

    @Override
    public void beforeCheckpoint(org.crac.Context<? extends Resource> context) {
        long begin = System.nanoTime();
        handler.dropRuntime();
        try {
            Priming.run(handler.handlers());
        } catch (RuntimeException e) {
            // priming only saves time after the restore; a snapshot without it is still correct
            LOG.warn("SnapStart priming failed; continuing without it: {}", e.toString());
        }
        LOG.info("SnapStart: primed for the snapshot in {} ms", (System.nanoTime() - begin) / 1_000_000);
    }

    @Override
    public void afterRestore(org.crac.Context<? extends Resource> context) {
        LOG.info("SnapStart: restored; the runtime is built on the first invocation");
    }
}
