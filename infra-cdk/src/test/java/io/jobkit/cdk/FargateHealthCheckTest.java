package io.jobkit.cdk;

import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** The Fargate worker serves its health endpoints and the task's container health check probes /readyz. */
class FargateHealthCheckTest {

    @Test
    void fargateWorkers_runWithAHealthPort_andTheTaskProbesReadyz() {
        var app = Synth.app(Map.of("fargateQueues", "low", "repositoryRoot", Synth.fakeRepository().toString(),
                "lambdaBundle", Synth.fakeLambdaBundle().toString()));
        Synth synth = new Synth(JobKitApp.create(app, Path.of("")));
        synth.template.hasResourceProperties("AWS::ECS::TaskDefinition", Map.of("ContainerDefinitions", Match.arrayWith(
                List.of(Match.objectLike(Map.of(
                        "Command", Match.arrayWith(List.of("--health-port", "8081")),
                        "HealthCheck", Match.objectLike(Map.of(
                                "Command", List.of("CMD", "java", "-XX:TieredStopAtLevel=1", "-cp",
                                        "/opt/jobkit/jobkit-cli.jar", "io.jobkit.handlers.health.Probe",
                                        "http://127.0.0.1:8081/readyz"),
                                "Retries", 3))))))));
    }
}
