package io.jobkit.local.scheduler;

import java.util.Collection;

/**
 * Where the firing engine reads schedules from: the in-process store behind {@link LocalScheduler}'s API, or another
 * Scheduler endpoint read through the SDK ({@link SchedulerBridge}). Called on the engine's thread only.
 */
interface ScheduleSource {
    /** The current schedules; a source may return a cached copy and refresh it on its own period. */
    Collection<ScheduleDefinition> schedules();

    /** The schedule has no firings left and asked for ActionAfterCompletion DELETE: remove it if it is unchanged. */
    void completed(ScheduleDefinition definition);
}
