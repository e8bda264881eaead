package io.jobkit.client.store;

import io.jobkit.client.Job;

import java.util.List;

/** One page of a status-index listing, newest first; {@code hasMore} says whether older matches exist. */
public record JobListing(List<Job> jobs, boolean hasMore) {
}
