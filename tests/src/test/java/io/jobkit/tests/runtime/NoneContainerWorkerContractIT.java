package io.jobkit.tests.runtime;

import io.jobkit.client.TrackingLevel;
import io.jobkit.tests.support.TestCloud;
import org.junit.jupiter.api.BeforeEach;

/**
 * The runtime scenarios through the container worker with every queue tracked {@code none} (issue 16). There is no
 * record, so a scenario observes the handler, the queue and its DLQ (with the reason attributes), and checks that the
 * table holds no job item. Two scenarios are skipped with their reason at none: a RETRYING record with its next
 * attempt time, and a duplicate delivery run once, which none does not promise. The redrive scenario found that an
 * idle queue's long poll handed messages it had no slot for back to SQS, which at none costs an attempt; a none
 * queue now receives only what it can start (SlotScheduler). See docs/notes/nonecontract.md.
 */
class NoneContainerWorkerContractIT extends ContainerWorkerContractIT {

    @BeforeEach
    void noneTopology(TestCloud base) {
        trackEveryQueue(base, TrackingLevel.NONE);
    }
}
