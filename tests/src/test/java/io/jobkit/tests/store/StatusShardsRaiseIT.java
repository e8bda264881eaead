package io.jobkit.tests.store;

import io.jobkit.client.Job;
import io.jobkit.client.JobClient;
import io.jobkit.client.JobError;
import io.jobkit.client.JobFilter;
import io.jobkit.client.JobStatus;
import io.jobkit.client.Priority;
import io.jobkit.client.store.ClaimRequest;
import io.jobkit.client.store.JobStore;
import io.jobkit.client.store.TransitionResult;
import io.jobkit.client.topology.JobTable;
import io.jobkit.client.topology.StatusShards;
import io.jobkit.tests.support.LocalCloudExtension;
import io.jobkit.tests.support.TestCloud;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 16, scale: raising the status index's shard count on a live table. Jobs written by a client with the
 * default 8 shards stay listable by a client (built from the environment, as every runtime is) that writes 24, and
 * each old record moves to its shard under 24 at its next transition: the claim, and the outcome that moves its phase.
 *
 * <p>Ids are caller-chosen and picked so that their shard under 24 is one the count 8 never used (8..23): whether a
 * record moved is then visible in its index key, and a listing of only 8 shards demonstrably misses it. Every
 * transition is driven by the store itself, so nothing here waits on a worker.
 */
@ExtendWith(LocalCloudExtension.class)
class StatusShardsRaiseIT {
    private static final StatusShards EIGHT = StatusShards.of(8);
    private static final StatusShards TWENTY_FOUR = StatusShards.of(24);

    @Test
    void raisingTheCount_keepsOldJobsListed_andOldJobsFinishingUnderTheNewCountAreListedUnderTheirNewStatus(TestCloud cloud) {
        assertThat(cloud.topology().statusShards()).isEqualTo(EIGHT);
        List<String> ids = highShardIds(cloud.topology().prefix(), 9);
        List<String> oldIds = ids.subList(0, 5);
        List<String> newIds = ids.subList(5, 9);

        List<String> old = new ArrayList<>();
        try (JobClient eight = cloud.client()) {
            for (String id : oldIds) old.add(eight.enqueue("shards.job", Map.of("n", id), o -> o.jobId(id)));
            old.add(eight.enqueue("shards.job", Map.of("n", "generated"))); // a generated id, through the batch path
            assertThat(indexKey(cloud, oldIds.get(0))).isEqualTo("ACTIVE#" + EIGHT.shardOf(oldIds.get(0)));
        }
        assertThat(old).startsWith(oldIds.toArray(String[]::new));

        Map<String, String> env = new HashMap<>(cloud.environment());
        env.put("JOBKIT_STATUS_SHARDS", "24");
        try (JobClient twentyFour = JobClient.fromEnvironment(env)) {
            assertThat(twentyFour.topology().statusShards()).isEqualTo(TWENTY_FOUR);
            assertThat(twentyFour.runtime().store().statusShards()).isEqualTo(TWENTY_FOUR);
            List<String> all = new ArrayList<>(old);
            for (String id : newIds) all.add(twentyFour.enqueue("shards.job", Map.of("n", id), o -> o.jobId(id)));
            all.add(twentyFour.enqueue("shards.job", Map.of("n", "generated-new")));
            for (String id : newIds) assertThat(indexKey(cloud, id)).isEqualTo("ACTIVE#" + TWENTY_FOUR.shardOf(id));

            // every job, old and new, is listed QUEUED
            assertThat(ids(twentyFour, JobStatus.QUEUED)).containsExactlyInAnyOrderElementsOf(all);

            // old jobs finish (or move on) under 24: succeed, fail, cancel, and one claimed and still running
            JobStore store = twentyFour.runtime().store();
            String succeeded = oldIds.get(0);
            String failed = oldIds.get(1);
            String cancelled = oldIds.get(2);
            String running = oldIds.get(3);
            String stillQueued = oldIds.get(4);
            assertThat(store.succeed(succeeded, claim(store, succeeded), "{\"ok\":true}", null, null))
                    .isInstanceOf(TransitionResult.Applied.class);
            assertThat(store.fail(failed, claim(store, failed), new JobError("Boom", "permanent", null, 1), null))
                    .isInstanceOf(TransitionResult.Applied.class);
            assertThat(twentyFour.cancel(cancelled).outcome()).isEqualTo(io.jobkit.client.CancelResult.Outcome.CANCELLED);
            claim(store, running);
            String newJobDone = newIds.get(0);
            store.succeed(newJobDone, claim(store, newJobDone), null, null, null);

            // each moved record is keyed under its new status and its shard under 24 (one the count 8 never wrote)
            assertThat(indexKey(cloud, succeeded)).isEqualTo("SUCCEEDED#" + TWENTY_FOUR.shardOf(succeeded));
            assertThat(indexKey(cloud, failed)).isEqualTo("FAILED#" + TWENTY_FOUR.shardOf(failed));
            assertThat(indexKey(cloud, cancelled)).isEqualTo("CANCELLED#" + TWENTY_FOUR.shardOf(cancelled));
            assertThat(indexKey(cloud, running)).isEqualTo("ACTIVE#" + TWENTY_FOUR.shardOf(running));
            // an old record that has not transitioned keeps its key under 8, and is still listed
            assertThat(indexKey(cloud, stillQueued)).isEqualTo("ACTIVE#" + EIGHT.shardOf(stillQueued));

            assertThat(ids(twentyFour, JobStatus.SUCCEEDED)).containsExactlyInAnyOrder(succeeded, newJobDone);
            assertThat(ids(twentyFour, JobStatus.FAILED)).containsExactly(failed);
            assertThat(ids(twentyFour, JobStatus.CANCELLED)).containsExactly(cancelled);
            assertThat(ids(twentyFour, JobStatus.RUNNING)).containsExactly(running);
            List<String> queued = new ArrayList<>(all);
            queued.removeAll(List.of(succeeded, failed, cancelled, running, newJobDone));
            assertThat(ids(twentyFour, JobStatus.QUEUED)).containsExactlyInAnyOrderElementsOf(queued).contains(stillQueued);
            assertThat(twentyFour.get(succeeded).orElseThrow().result().get("ok").asBoolean()).isTrue();
            // the metrics' FAILED count reads the same shards (the failed job sits in one 8 never wrote)
            assertThat(twentyFour.metrics(Duration.ofMinutes(5)).counts().failed()).isEqualTo(1);
        }

        // Why the count is only raised: a process still on 8 shards (an old deploy, or the count lowered back) reads
        // shards 0..7 and misses every record keyed 8..23; keeping the listing at 24 finds them all again.
        Map<String, String> lowered = new HashMap<>(cloud.environment());
        try (JobClient backToEight = JobClient.fromEnvironment(lowered)) {
            assertThat(ids(backToEight, JobStatus.SUCCEEDED)).doesNotContain(oldIds.get(0), newIds.get(0));
            assertThat(ids(backToEight, JobStatus.QUEUED)).contains(oldIds.get(4)).doesNotContainAnyElementsOf(newIds);
        }
        lowered.put("JOBKIT_STATUS_LISTING_SHARDS", "24");
        try (JobClient eightListingTwentyFour = JobClient.fromEnvironment(lowered)) {
            assertThat(eightListingTwentyFour.topology().statusShards()).isEqualTo(new StatusShards(8, 24));
            assertThat(ids(eightListingTwentyFour, JobStatus.SUCCEEDED)).containsExactlyInAnyOrder(oldIds.get(0), newIds.get(0));
            assertThat(ids(eightListingTwentyFour, JobStatus.QUEUED)).contains(oldIds.get(4)).containsAll(newIds.subList(1, 4));
        }
    }

    /** Caller-chosen ids whose shard under 24 is at least 8: a shard the count 8 never wrote to. */
    private static List<String> highShardIds(String prefix, int count) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; ids.size() < count; i++) {
            String id = prefix + "-shards-" + i;
            if (TWENTY_FOUR.shardOf(id) >= 8) ids.add(id);
        }
        return ids;
    }

    /** Claims a queued job as a worker would and returns the lease owner. */
    private static String claim(JobStore store, String id) {
        String owner = "it-worker/" + UUID.randomUUID();
        TransitionResult r = store.claim(new ClaimRequest(id, "shards.job", "normal", Priority.NORMAL, 3, Map.of(), owner,
                Instant.now().plus(Duration.ofMinutes(10))));
        assertThat(r).isInstanceOf(TransitionResult.Applied.class);
        return owner;
    }

    private static List<String> ids(JobClient client, JobStatus status) {
        return client.list(JobFilter.status(status).withLimit(100)).jobs().stream().map(Job::id).toList();
    }

    /** The record's status-index partition key, read from the table itself. */
    private static String indexKey(TestCloud cloud, String id) {
        Map<String, AttributeValue> item = cloud.dynamo().getItem(r -> r.tableName(cloud.topology().tableName())
                .key(Map.of(JobTable.PARTITION_KEY, AttributeValue.fromS("JOB#" + id),
                        JobTable.SORT_KEY, AttributeValue.fromS("JOB"))).consistentRead(true)).item();
        return item.get(JobTable.STATUS_INDEX_PARTITION_KEY).s();
    }
}
