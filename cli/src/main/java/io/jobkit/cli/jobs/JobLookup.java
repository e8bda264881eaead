package io.jobkit.cli.jobs;

import io.jobkit.cli.CliFailure;
import io.jobkit.client.Job;
import io.jobkit.client.JobClient;

/** Reads a job or fails the command with the sentence every command uses for an unknown id. */
final class JobLookup {
    private JobLookup() {
    }

    static Job require(JobClient client, String id) {
        try {
            return client.get(id).orElseThrow(() -> notFound(id));
        } catch (io.jobkit.client.JobNotTrackedException e) {
            throw new CliFailure(e.getMessage());
        }
    }

    static CliFailure notFound(String id) {
        return new CliFailure("no job with id '" + id + "' (finished jobs are removed after their retention, 7 days by default)");
    }
}
