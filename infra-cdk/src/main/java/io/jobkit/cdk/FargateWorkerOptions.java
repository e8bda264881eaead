package io.jobkit.cdk;

import io.jobkit.client.JobValidationException;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ecs.ContainerImage;
import software.amazon.awscdk.services.lambda.Architecture;

import java.time.Duration;
import java.util.Map;

/**
 * The ECS Fargate service that runs {@code jobkit worker} for the queues whose runtime is
 * {@link WorkerRuntime#FARGATE}. Only used when at least one queue says so.
 *
 * @param image                the worker image; {@link WorkerImage#fromRepository} builds the repository's
 *                             Dockerfile around the CLI jar (no Docker needed to synthesise, only to deploy)
 * @param cpu                  task CPU units (default 1024 = 1 vCPU); one of Fargate's sizes 256–16384
 * @param memoryMiB            task memory (default 2048), within what Fargate allows for {@code cpu}
 * @param minTasks             lower bound of the service's autoscaling (default 1; at least 1, because the
 *                             backlog-per-task metric needs a running task to be defined)
 * @param maxTasks             upper bound (default 4)
 * @param targetBacklogPerTask visible messages per running task that target tracking holds (default 100):
 *                             acceptable latency ÷ average job time × jobs a task runs at once
 * @param architecture         task CPU architecture (default {@code Architecture.ARM_64}: Graviton is ~20% cheaper;
 *                             the image has no RUN steps, so building it for arm64 on x86 needs no emulation)
 * @param stopTimeout          how long ECS waits after SIGTERM before killing the worker, up to 120 s (default
 *                             120 s, so in-flight jobs can finish or be released)
 * @param vpc                  the VPC to run in (tasks go to its private subnets with egress, no public IP); empty
 *                             (null) creates one with private subnets, one NAT gateway and gateway endpoints for
 *                             DynamoDB and S3
 */
public record FargateWorkerOptions(ContainerImage image, int cpu, int memoryMiB, int minTasks, int maxTasks,
                                   int targetBacklogPerTask, Architecture architecture, Duration stopTimeout,
                                   IVpc vpc) {

    /** Fargate's memory range per CPU size, in MiB. */
    private static final Map<Integer, int[]> MEMORY_BY_CPU = Map.of(
            256, new int[]{512, 2048}, 512, new int[]{1024, 4096}, 1024, new int[]{2048, 8192},
            2048, new int[]{4096, 16_384}, 4096, new int[]{8192, 30_720}, 8192, new int[]{16_384, 61_440},
            16_384, new int[]{32_768, 122_880});

    public FargateWorkerOptions {
        int[] range = MEMORY_BY_CPU.get(cpu);
        if (range == null) {
            throw new JobValidationException("Fargate CPU " + cpu + " is not a Fargate size; use 256, 512, 1024, 2048,"
                    + " 4096, 8192 or 16384");
        }
        if (memoryMiB < range[0] || memoryMiB > range[1]) {
            throw new JobValidationException("Fargate memory " + memoryMiB + " MiB does not fit CPU " + cpu
                    + "; use " + range[0] + "-" + range[1] + " MiB");
        }
        if (minTasks < 1 || maxTasks < minTasks) {
            throw new JobValidationException("Fargate tasks min " + minTasks + " / max " + maxTasks + " are invalid;"
                    + " use 1 <= min <= max");
        }
        if (targetBacklogPerTask < 1) {
            throw new JobValidationException("target backlog per task must be at least 1, was " + targetBacklogPerTask);
        }
        if (architecture == null) architecture = Architecture.ARM_64;
        if (stopTimeout == null) stopTimeout = Duration.ofSeconds(120);
        if (stopTimeout.toSeconds() < 2 || stopTimeout.toSeconds() > 120) {
            throw new JobValidationException("stop timeout " + stopTimeout + " is out of range; Fargate allows 2-120 s");
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder().image(image).cpu(cpu).memoryMiB(memoryMiB).minTasks(minTasks).maxTasks(maxTasks)
                .targetBacklogPerTask(targetBacklogPerTask).architecture(architecture).stopTimeout(stopTimeout).vpc(vpc);
    }

    /** Mutable builder; see the record's parameters for each field and its default. */
    public static final class Builder {
        private ContainerImage image;
        private int cpu = 1024;
        private int memoryMiB = 2048;
        private int minTasks = 1;
        private int maxTasks = 4;
        private int targetBacklogPerTask = 100;
        private Architecture architecture = Architecture.ARM_64;
        private Duration stopTimeout = Duration.ofSeconds(120);
        private IVpc vpc;

        private Builder() {
        }

        public Builder image(ContainerImage value) { image = value; return this; }
        public Builder cpu(int value) { cpu = value; return this; }
        public Builder memoryMiB(int value) { memoryMiB = value; return this; }
        public Builder minTasks(int value) { minTasks = value; return this; }
        public Builder maxTasks(int value) { maxTasks = value; return this; }
        public Builder targetBacklogPerTask(int value) { targetBacklogPerTask = value; return this; }
        public Builder architecture(Architecture value) { architecture = value; return this; }
        public Builder stopTimeout(Duration value) { stopTimeout = value; return this; }
        public Builder vpc(IVpc value) { vpc = value; return this; }

        public FargateWorkerOptions build() {
            return new FargateWorkerOptions(image, cpu, memoryMiB, minTasks, maxTasks, targetBacklogPerTask,
                    architecture, stopTimeout, vpc);
        }
    }
}
