package io.jobkit.tests.badinput;

import io.jobkit.client.topology.QueueDef;
import io.jobkit.tests.support.TestCloud;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.dynamodb.model.Select;
import software.amazon.awssdk.services.scheduler.model.ListSchedulesResponse;

/**
 * What a topology holds in AWS at one moment: DynamoDB items in the jobs table, messages (visible, in flight and
 * delayed) across every queue and DLQ, and schedules in the schedule group. Taken before and after a rejected input,
 * equal footprints prove nothing was written.
 */
record Footprint(long items, long messages, long schedules) {

    static Footprint of(TestCloud cloud) {
        return new Footprint(items(cloud), messages(cloud), schedules(cloud));
    }

    private static long items(TestCloud cloud) {
        long count = 0;
        ScanRequest.Builder scan = ScanRequest.builder().tableName(cloud.topology().tableName()).select(Select.COUNT)
                .consistentRead(true);
        while (true) {
            ScanResponse page = cloud.dynamo().scan(scan.build());
            count += page.count();
            if (page.lastEvaluatedKey() == null || page.lastEvaluatedKey().isEmpty()) return count;
            scan.exclusiveStartKey(page.lastEvaluatedKey());
        }
    }

    private static long messages(TestCloud cloud) {
        long count = 0;
        for (QueueDef q : cloud.topology().queues()) {
            count += cloud.depth(cloud.queueUrl(q.name()));
            count += cloud.depth(cloud.dlqUrl(q.name()));
        }
        return count;
    }

    private static long schedules(TestCloud cloud) {
        if (cloud.scheduler() == null) return 0;
        long count = 0;
        String token = null;
        do {
            String next = token;
            ListSchedulesResponse page = cloud.scheduler().listSchedules(r -> r.groupName(cloud.topology().scheduleGroup())
                    .nextToken(next));
            count += page.schedules().size();
            token = page.nextToken();
        } while (token != null);
        return count;
    }
}
