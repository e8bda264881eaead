package io.jobkit.tests.support;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records every handler run (job id, attempt, start time) so tests can assert what ran, how often and when. */
public final class HandlerProbe {
    public record Run(String jobId, String type, int attempt, Instant startedAt, String queue) {
    }

    private final List<Run> runs = new CopyOnWriteArrayList<>();
    private final Map<String, Integer> counts = new ConcurrentHashMap<>();

    public void ran(String jobId, String type, int attempt, String queue) {
        runs.add(new Run(jobId, type, attempt, Instant.now(), queue));
        counts.merge(jobId, 1, Integer::sum);
    }

    public int runsOf(String jobId) {
        return counts.getOrDefault(jobId, 0);
    }

    public List<Run> runs() {
        return List.copyOf(runs);
    }

    public List<Run> runsFor(String jobId) {
        return runs.stream().filter(r -> r.jobId().equals(jobId)).toList();
    }

    public Map<String, Integer> counts() {
        return Map.copyOf(counts);
    }

    public int total() {
        return runs.size();
    }
}
