package io.jobkit.tests.runtime;

import io.jobkit.client.Priority;
import io.jobkit.client.TrackingLevel;
import io.jobkit.tests.support.TestCloud;
import org.junit.jupiter.api.BeforeEach;

/**
 * The runtime scenarios through the container worker with every queue tracked {@code lean} (issue 16). Scenarios a
 * lean job cannot offer are overridden below and skipped with the reason.
 */
class LeanContainerWorkerContractIT extends ContainerWorkerContractIT {

    @BeforeEach
    void leanTopology(TestCloud base) {
        this.cloud = base.fresh(t -> {
            for (Priority p : Priority.values()) t.tracking(p.queueName(), TrackingLevel.LEAN);
        });
        this.client = cloud.client();
    }
}
