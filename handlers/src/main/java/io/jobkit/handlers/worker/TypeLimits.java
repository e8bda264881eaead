package io.jobkit.handlers.worker;

import java.util.HashMap;
import java.util.Map;

/**
 * Per-job-type concurrency limits. Types are read from the {@code jobkit-type} message attribute that JobClient
 * sets; messages without it are not limited by type.
 */
final class TypeLimits {
    private final Map<String, Integer> limits;
    private final Map<String, Integer> running = new HashMap<>();

    TypeLimits(Map<String, Integer> limits) {
        this.limits = Map.copyOf(limits);
    }

    synchronized boolean tryAcquire(String type) {
        if (type == null || !limits.containsKey(type)) return true;
        int now = running.getOrDefault(type, 0);
        if (now >= limits.get(type)) return false;
        running.put(type, now + 1);
        return true;
    }

    synchronized void release(String type) {
        if (type == null || !limits.containsKey(type)) return;
        running.merge(type, -1, Integer::sum);
    }
}
