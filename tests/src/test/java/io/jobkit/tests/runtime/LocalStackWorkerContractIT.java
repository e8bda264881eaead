package io.jobkit.tests.runtime;

import io.jobkit.tests.support.OnLocalStack;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.testcontainers.junit.jupiter.Testcontainers;

/**
 * The runtime scenarios through the container worker against LocalStack (SQS, DynamoDB, EventBridge Scheduler with
 * jobkit's bridge firing its schedules). Skipped, with the reason in the report, where no Docker engine runs or no
 * LocalStack auth token is set; {@link ContainerWorkerContractIT} runs the same scenarios on the embedded cloud
 * everywhere.
 */
@OnLocalStack
@Testcontainers(disabledWithoutDocker = true)
@EnabledIfEnvironmentVariable(named = "LOCALSTACK_AUTH_TOKEN", matches = ".+",
        disabledReason = "LOCALSTACK_AUTH_TOKEN is not set; current LocalStack images refuse to start without one")
class LocalStackWorkerContractIT extends ContainerWorkerContractIT {
}
