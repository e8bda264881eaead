package io.jobkit.tests.runtime;

import io.jobkit.client.TrackingLevel;
import io.jobkit.tests.support.TestCloud;
import org.junit.jupiter.api.BeforeEach;

/**
 * The runtime scenarios through the Lambda entrypoint with every queue tracked {@code none} (issue 16): the same none
 * forms and skips as {@link NoneContainerWorkerContractIT}, through the Lambda's partial batch responses.
 */
class NoneLambdaContractIT extends LambdaContractIT {

    @BeforeEach
    void noneTopology(TestCloud base) {
        trackEveryQueue(base, TrackingLevel.NONE);
    }
}
