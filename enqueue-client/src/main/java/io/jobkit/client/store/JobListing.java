package io.jobkit.client.store;

import io.jobkit.client.Job;

import java.util.List;

/**
 * One page of a status-index listing, newest first.
 *
 * @param lastKey the creation key of the last job on this page when older matches exist, else null
 */
public record JobListing(List<Job> jobs, String lastKey) {

    public boolean hasMore() {
        return lastKey != null;
    }
}
