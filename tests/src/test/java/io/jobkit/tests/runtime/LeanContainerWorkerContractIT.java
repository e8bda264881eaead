package io.jobkit.tests.runtime;

import io.jobkit.client.Priority;
import io.jobkit.client.TrackingLevel;
import io.jobkit.tests.support.TestCloud;
import org.junit.jupiter.api.BeforeEach;

/**
 * The runtime scenarios through the container worker with every queue tracked {@code lean} (issue 16). Scenarios a
 * lean job cannot offer are overridden below and skipped with the reason.
 */
@org.junit.jupiter.api.Disabled("issue 16, open: the lean run of the contract suite has not been validated yet; its first"
        + " scenario (1,000 jobs, awaited through records a lean job has only after its claim) waits forever; the"
        + " scenarios lean cannot offer are still to be listed and skipped one by one")
class LeanContainerWorkerContractIT extends ContainerWorkerContractIT {

    @BeforeEach
    void leanTopology(TestCloud base) {
        this.cloud = base.fresh(t -> {
            for (Priority p : Priority.values()) t.tracking(p.queueName(), TrackingLevel.LEAN);
        });
        this.client = cloud.client();
    }
}
