package io.jobkit.tests.runtime;

import io.jobkit.client.TrackingLevel;
import io.jobkit.tests.support.TestCloud;
import org.junit.jupiter.api.BeforeEach;

/**
 * The runtime scenarios through the container worker with every queue tracked {@code lean} (issue 16). No scenario is
 * skipped: where lean documents that it keeps less than {@code full} (no record before the first claim, only FAILED in
 * the status index, no stored envelope, no attempt history), the shared scenario asserts what lean does keep instead;
 * see {@link JobRuntimeContract#level()} and docs/notes/leancontract.md.
 */
class LeanContainerWorkerContractIT extends ContainerWorkerContractIT {

    @BeforeEach
    void leanTopology(TestCloud base) {
        trackEveryQueue(base, TrackingLevel.LEAN);
    }
}
