package io.jobkit.tests.runtime;

import io.jobkit.client.TrackingLevel;
import io.jobkit.tests.support.TestCloud;
import org.junit.jupiter.api.BeforeEach;

/**
 * The runtime scenarios through the Lambda entrypoint with every queue tracked {@code lean} (issue 16): the same
 * scenarios and lean forms as {@link LeanContainerWorkerContractIT}, through partial batch responses instead of the
 * worker's own deletes and visibility changes.
 */
class LeanLambdaContractIT extends LambdaContractIT {

    @BeforeEach
    void leanTopology(TestCloud base) {
        trackEveryQueue(base, TrackingLevel.LEAN);
    }
}
