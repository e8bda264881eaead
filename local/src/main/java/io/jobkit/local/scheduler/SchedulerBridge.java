package io.jobkit.local.scheduler;

import software.amazon.awssdk.services.scheduler.SchedulerClient;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Fires the schedules that another Scheduler endpoint stores: it reads them through the SDK's
 * {@link SchedulerClient} (ListSchedules, then GetSchedule for each; refreshed every {@code refreshInterval}) and
 * sends their firings into SQS with the same engine and rules as {@link LocalScheduler}. Made for LocalStack, whose
 * Scheduler stores schedules but never fires them.
 *
 * <ol>
 *   <li>{@link #start()} starts the engine's thread; the first pass reads the remote schedules.</li>
 *   <li>Firings missed before the bridge started are not replayed for rate and cron schedules; a schedule changed
 *       remotely is picked up at the next refresh.</li>
 *   <li>{@link #tick()} runs a pass on the calling thread up to the clock's instant (for test clocks).</li>
 *   <li>{@link #close()} stops the thread, bounded; the clients given to the builder are not closed.</li>
 * </ol>
 */
public final class SchedulerBridge implements AutoCloseable {
    private final Clock clock;
    private final FiringEngine engine;
    private final SqsClient ownedSqs;
    private boolean started;

    private SchedulerBridge(Builder b) {
        this.clock = b.clock;
        SqsClient sqs = b.sqsClient;
        this.ownedSqs = sqs == null ? LocalScheduler.sqsClient(b.sqsEndpoint, b.region) : null;
        RemoteScheduleSource source = new RemoteScheduleSource(b.schedulerClient, b.groups, b.refreshInterval, b.clock);
        this.engine = new FiringEngine(source, new SqsDelivery(sqs != null ? sqs : ownedSqs), b.clock,
                "jobkit-scheduler-bridge");
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Starts firing in the background. Returns this. */
    public synchronized SchedulerBridge start() {
        if (started) throw new IllegalStateException("already started");
        started = true;
        engine.start();
        return this;
    }

    /** Runs one pass on the calling thread: refreshes if due, then fires everything due up to the clock's instant. */
    public void tick() {
        engine.runDue(clock.instant());
    }

    @Override
    public synchronized void close() {
        engine.close(Duration.ofSeconds(2));
        if (ownedSqs != null) ownedSqs.close();
    }

    /** Options: the remote {@link SchedulerClient} and an SQS client or endpoint are required. */
    public static final class Builder {
        private SchedulerClient schedulerClient;
        private SqsClient sqsClient;
        private URI sqsEndpoint;
        private String region = "us-east-1";
        private final List<String> groups = new ArrayList<>();
        private Duration refreshInterval = Duration.ofSeconds(10);
        private Clock clock = Clock.systemUTC();

        private Builder() {
        }

        /** Reads schedules through this client (pointed at the remote endpoint); not closed by the bridge. */
        public Builder schedulerClient(SchedulerClient schedulerClient) {
            this.schedulerClient = schedulerClient;
            return this;
        }

        /** Sends firings with this client; not closed by the bridge. */
        public Builder sqsClient(SqsClient sqsClient) {
            this.sqsClient = sqsClient;
            return this;
        }

        /** Or an SQS endpoint; the bridge builds (with {@link #region}) and closes its own client. */
        public Builder sqsEndpoint(URI sqsEndpoint) {
            this.sqsEndpoint = sqsEndpoint;
            return this;
        }

        /** Region for a client built from {@link #sqsEndpoint}; default us-east-1. */
        public Builder region(String region) {
            this.region = Objects.requireNonNull(region, "region");
            return this;
        }

        /** Schedule groups to read; default: all groups. */
        public Builder groups(String... groups) {
            this.groups.addAll(List.of(groups));
            return this;
        }

        /** How often the remote schedules are re-read; default 10 s. */
        public Builder refreshInterval(Duration refreshInterval) {
            if (refreshInterval.isNegative()) throw new IllegalArgumentException("refresh interval must not be negative");
            this.refreshInterval = refreshInterval;
            return this;
        }

        /** Default the system UTC clock. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        public SchedulerBridge build() {
            if (schedulerClient == null) throw new IllegalStateException("schedulerClient(...) is required");
            if (sqsClient == null && sqsEndpoint == null) {
                throw new IllegalStateException("sqsClient(...) or sqsEndpoint(...) is required");
            }
            return new SchedulerBridge(this);
        }
    }
}
