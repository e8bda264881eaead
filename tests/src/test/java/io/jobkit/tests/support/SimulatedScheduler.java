package io.jobkit.tests.support;

import io.jobkit.client.testing.TestClock;
import io.jobkit.client.JobClient;
import io.jobkit.local.LocalCloud;
import io.jobkit.local.scheduler.LocalScheduler;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.scheduler.SchedulerClient;
import software.amazon.awssdk.services.scheduler.model.ConflictException;

import java.time.Duration;
import java.time.Instant;

/**
 * A local EventBridge Scheduler of its own, on a {@link TestClock}, firing into a test cloud's SQS: tests move the
 * clock and fire what is due, so simulated hours and days run in milliseconds. The shared cloud's own scheduler keeps
 * real time for the other tests. {@link #jobClient(TestCloud)} gives a client (and so a worker) on the same clock,
 * which is what the not-before and next-attempt checks read.
 */
public final class SimulatedScheduler implements AutoCloseable {
    private final TestClock clock;
    private final LocalScheduler scheduler;
    private final SchedulerClient client;

    private SimulatedScheduler(TestClock clock, LocalScheduler scheduler) {
        this.clock = clock;
        this.scheduler = scheduler;
        this.client = SchedulerClient.builder().endpointOverride(scheduler.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClientBuilder(UrlConnectionHttpClient.builder()).build();
    }

    /** Starts on a free port with its clock at {@code start}, sending firings with {@code cloud}'s SQS client. */
    public static SimulatedScheduler start(TestCloud cloud, Instant start) {
        TestClock clock = new TestClock(start);
        LocalScheduler scheduler = LocalScheduler.builder().port(0).clock(clock).sqsClient(cloud.sqs()).build().start();
        return new SimulatedScheduler(clock, scheduler);
    }

    public TestClock clock() {
        return clock;
    }

    public Instant now() {
        return clock.instant();
    }

    /** An SDK client for this scheduler. */
    public SchedulerClient client() {
        return client;
    }

    /**
     * A JobClient for {@code cloud}'s topology on this scheduler and clock; creates the topology's schedule group
     * here first.
     */
    public JobClient jobClient(TestCloud cloud) {
        try {
            client.createScheduleGroup(r -> r.name(cloud.topology().scheduleGroup()));
        } catch (ConflictException e) {
            // made for another client of the same cloud
        }
        return cloud.client(b -> b.clock(clock).schedulerClient(client).schedulerRoleArn(LocalCloud.SCHEDULER_ROLE_ARN));
    }

    /** Moves the clock by {@code d}, then fires everything due, in order, before returning. */
    public void advance(Duration d) {
        advanceTo(clock.instant().plus(d));
    }

    /** Sets the clock to {@code t}, then fires everything due, in order, before returning. */
    public void advanceTo(Instant t) {
        clock.set(t);
        scheduler.tick();
    }

    @Override
    public void close() {
        client.close();
        scheduler.close();
    }
}
