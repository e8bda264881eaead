package io.jobkit.client;

import java.util.List;

/**
 * One page of jobs, newest first.
 *
 * @param nextCursor pass to {@link JobFilter#withCursor(String)} for the next page; null on the last page
 */
public record JobPage(List<Job> jobs, String nextCursor) {

    public boolean hasMore() {
        return nextCursor != null;
    }
}
