package io.jobkit.local;

import io.jobkit.local.scheduler.LocalScheduler;

import java.net.URI;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The local EventBridge Scheduler as a part of the local cloud: the {@link LocalScheduler} API on 127.0.0.1, firing
 * into the local SQS. Its client environment carries the endpoint and the role ARN jobkit puts on schedules (the
 * local scheduler checks the ARN's form only; there is no IAM locally).
 */
final class SchedulerServer implements LocalComponent {
    private final LocalScheduler scheduler;

    private SchedulerServer(LocalScheduler scheduler) {
        this.scheduler = scheduler;
    }

    /** Binds {@code port} (0 = any free port) and starts firing into the SQS at {@code sqsEndpoint}. */
    static SchedulerServer start(int port, String region, URI sqsEndpoint, Clock clock) {
        LocalScheduler scheduler = LocalScheduler.builder().port(port).region(region).accountId(ElasticMqServer.ACCOUNT_ID)
                .sqsEndpoint(sqsEndpoint).clock(clock).build();
        try {
            return new SchedulerServer(scheduler.start());
        } catch (RuntimeException e) {
            scheduler.close();
            if (Ports.isBindFailure(e)) {
                throw Ports.unavailable(LocalService.SCHEDULER, port, e);
            }
            throw e;
        }
    }

    LocalScheduler scheduler() {
        return scheduler;
    }

    URI endpoint() {
        return scheduler.endpoint();
    }

    @Override
    public String name() {
        return LocalService.SCHEDULER.displayName() + " (jobkit local)";
    }

    @Override
    public Map<String, String> clientEnvironment() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put(LocalService.SCHEDULER.endpointVariable(), endpoint().toString());
        env.put("JOBKIT_SCHEDULER_ROLE_ARN", LocalCloud.SCHEDULER_ROLE_ARN);
        return env;
    }

    @Override
    public void close() {
        scheduler.close();
    }
}
