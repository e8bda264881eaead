package io.jobkit.local;

import io.jobkit.client.JobClient;
import io.jobkit.client.JobFilter;
import io.jobkit.client.JobPage;
import io.jobkit.client.JobStatus;

import java.io.PrintStream;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.StringJoiner;

/** Prints a count of jobs per status once a second until none is waiting or running. */
final class LiveStatus {
    private final JobClient client;
    private final PrintStream out;

    LiveStatus(JobClient client, PrintStream out) {
        this.client = client;
        this.out = out;
    }

    void followUntilSettled(Duration atMost) throws InterruptedException {
        long until = System.nanoTime() + atMost.toNanos();
        String last = "";
        while (System.nanoTime() < until) {
            Map<JobStatus, Integer> counts = counts();
            String line = format(counts);
            if (!line.equals(last)) {
                out.println("# " + line);
                out.flush();
                last = line;
            }
            int pending = counts.get(JobStatus.SCHEDULED) + counts.get(JobStatus.QUEUED) + counts.get(JobStatus.RUNNING)
                    + counts.get(JobStatus.RETRYING);
            if (pending == 0) return;
            Thread.sleep(1000);
        }
        out.println("# demo: still not settled after " + atMost.toMinutes() + " minutes; leaving it running");
    }

    private Map<JobStatus, Integer> counts() {
        Map<JobStatus, Integer> counts = new EnumMap<>(JobStatus.class);
        for (JobStatus s : JobStatus.values()) {
            int n = 0;
            String cursor = null;
            do {
                JobPage page = client.list(JobFilter.status(s).withLimit(JobFilter.MAX_LIMIT).withCursor(cursor));
                n += page.jobs().size();
                cursor = page.nextCursor();
            } while (cursor != null);
            counts.put(s, n);
        }
        return counts;
    }

    static String format(Map<JobStatus, Integer> counts) {
        StringJoiner j = new StringJoiner("  ");
        counts.forEach((s, n) -> j.add(String.format("%s %3d", s, n)));
        return j.toString();
    }
}
