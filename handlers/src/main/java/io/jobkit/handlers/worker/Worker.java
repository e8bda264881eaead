package io.jobkit.handlers.worker;

import io.jobkit.client.JobClient;
import io.jobkit.client.ReconcileOptions;
import io.jobkit.client.ReconcileReport;
import io.jobkit.client.WorkerInfo;
import io.jobkit.client.control.QueueControls;
import io.jobkit.client.spi.ClientRuntime;
import io.jobkit.client.store.WorkerRegistry;
import io.jobkit.client.topology.QueueDef;
import io.jobkit.handlers.JobHandlers;
import io.jobkit.handlers.metrics.JobMetricsRecorder;
import io.jobkit.handlers.metrics.MetricsSettings;
import io.jobkit.handlers.processor.JobProcessor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The long-polling container worker.
 *
 * <ol>
 *   <li>{@link #start()}: one poller thread per queue, a job pool of {@code concurrency} threads, a heartbeat
 *       record every {@code heartbeatInterval}, and (unless {@code reconcileInterval} is zero) a reconciler run
 *       about every {@code reconcileInterval} on a thread of its own.</li>
 *   <li>Pollers take turns from the {@link SlotScheduler} and hand messages to the shared {@link JobProcessor};
 *       acknowledgements go out in batches.</li>
 *   <li>{@link #shutdown()} (also on SIGTERM/SIGINT via {@link #installShutdownHook()}): stop receiving and return
 *       anything unstarted at once; let running jobs finish within {@code shutdownTimeout}; then release the rest
 *       (recorded RETRYING, the attempt not counted, message visible at once); flush acknowledgements; remove the
 *       heartbeat.</li>
 * </ol>
 */
public final class Worker implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Worker.class);

    private final JobClient client;
    private final ClientRuntime runtime;
    private final WorkerOptions options;
    private final JobProcessor processor;
    private final List<QueueDef> queues;
    private final SlotScheduler slots;
    private final WorkerStats stats = new WorkerStats();
    private final WorkerRegistry registry;
    private final ExecutorService jobs;
    private final ScheduledExecutorService heartbeat;
    private final ScheduledExecutorService fifoHolds;
    private final ScheduledExecutorService reconciler; // its own thread: a long run must not delay heartbeats
    private final Acknowledger acks;
    private final List<QueuePoller> pollers = new ArrayList<>();
    private final List<Thread> pollerThreads = new ArrayList<>();
    private final Instant startedAt;
    private final PoolFigures pool = new PoolFigures();
    private final JobMetricsRecorder metrics; // null when metrics are off
    private final MetricsSettings metricsSettings;
    private final Object lifecycle = new Object();
    private boolean started;
    private boolean stopped;
    private volatile Instant lastAwsContact; // last successful heartbeat write

    private Worker(JobClient client, JobHandlers handlers, WorkerOptions options, MetricsSettings metricsSettings) {
        for (String type : options.processor().servedTypes()) {
            if (handlers.find(type).isEmpty()) {
                throw new io.jobkit.client.JobValidationException("the worker is to serve job type '" + type
                        + "' (--types), but it has no handler for it; it has handlers for "
                        + new java.util.TreeSet<>(handlers.types()));
            }
        }
        this.client = client;
        this.runtime = client.runtime();
        this.options = options;
        this.metricsSettings = metricsSettings;
        this.metrics = JobMetricsRecorder.forRuntime(runtime, metricsSettings);
        JobMetricsRecorder recorder = metrics;
        this.processor = new JobProcessor(client, handlers, options.processor(), outcome -> {
            pool.onOutcome(outcome);
            if (recorder != null) recorder.onOutcome(outcome);
        });
        List<String> names = options.queues().isEmpty()
                ? runtime.topology().queues().stream().map(QueueDef::name).toList() : options.queues();
        this.queues = names.stream().map(runtime.topology()::queue).toList();
        this.slots = new SlotScheduler(names, options.concurrency(), options.queueConcurrency(), options.pollWait(),
                options.starvationInterval(), runtime.clock(), queues.stream()
                        .filter(q -> q.tracking() == io.jobkit.client.TrackingLevel.NONE).map(QueueDef::name)
                        .collect(java.util.stream.Collectors.toSet()));
        this.registry = new WorkerRegistry(runtime.dynamoDb(), runtime.topology().tableName(), runtime.clock());
        AtomicInteger n = new AtomicInteger();
        this.jobs = Executors.newFixedThreadPool(options.concurrency(), r -> daemon(r, "jobkit-job-" + n.incrementAndGet()));
        this.heartbeat = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "jobkit-heartbeat"));
        this.fifoHolds = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "jobkit-fifo-hold"));
        this.reconciler = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "jobkit-reconciler"));
        this.acks = new Acknowledger(runtime.sqs());
        this.startedAt = runtime.clock().instant();
    }

    /** A worker serving {@code options.queues()} with {@code handlers}; call {@link #start()} to begin. */
    public static Worker create(JobClient client, JobHandlers handlers, WorkerOptions options) {
        return new Worker(client, handlers, options, MetricsSettings.fromEnvironment(System.getenv()));
    }

    /** As {@link #create(JobClient, JobHandlers, WorkerOptions)} with explicit metrics settings. */
    public static Worker create(JobClient client, JobHandlers handlers, WorkerOptions options, MetricsSettings metrics) {
        return new Worker(client, handlers, options, metrics);
    }

    public Worker start() {
        synchronized (lifecycle) {
            if (started) throw new IllegalStateException("worker " + id() + " was already started");
            started = true;
            TypeLimits typeLimits = new TypeLimits(options.typeConcurrency()); // one limit per worker, across its queues
            QueueControls controls = new QueueControls(runtime.dynamoDb(), runtime.topology().tableName(), runtime.clock());
            for (QueueDef q : queues) {
                QueuePoller poller = new QueuePoller(q, runtime.queues().url(q), runtime.sqs(), slots, typeLimits,
                        processor, jobs, acks, stats, fifoHolds, controls);
                Thread t = daemon(poller, "jobkit-poll-" + q.name());
                pollers.add(poller);
                pollerThreads.add(t);
                t.start();
            }
            long beat = options.heartbeatInterval().toMillis();
            heartbeat.scheduleAtFixedRate(this::beat, 0, beat, TimeUnit.MILLISECONDS);
            if (metrics != null) {
                long check = metricsSettings.checkEvery().toMillis();
                heartbeat.scheduleWithFixedDelay(this::flushMetrics, check, check, TimeUnit.MILLISECONDS);
            }
            if (!options.reconcileInterval().isZero()) scheduleReconcile();
            LOG.info("worker {} started: queues {}, concurrency {}", id(), queues.stream().map(QueueDef::name).toList(),
                    options.concurrency());
            if (runtime.oneTimeSchedules() == null) {
                // issue 11 point 9: without a scheduler a retry beyond SQS's 12-hour visibility limit can only wait
                // on the queue, re-checked every 12 h, so it depends on the queue's retention (4 days by default)
                LOG.warn("worker {}: no EventBridge Scheduler configured (JOBKIT_SCHEDULER_ROLE_ARN): retries delayed"
                        + " beyond 12 h wait on the queue instead, re-checked every 12 h, within the queue's message"
                        + " retention (if it expires first, the reconciler re-sends the job from its record late);"
                        + " configure the scheduler or cap backoff at 12 h", id());
            }
            return this;
        }
    }

    public String id() {
        return options.processor().workerId();
    }

    /** This worker as its heartbeat reports it. */
    public WorkerInfo info() {
        return new WorkerInfo(id(), "worker", hostName(), ProcessHandle.current().pid(),
                queues.stream().map(QueueDef::name).toList(), options.concurrency(), processor.inFlight(),
                stats.processed.get(), stats.succeeded.get(), stats.failed.get(), startedAt, runtime.clock().instant(),
                processor.abandonedHandlers(), servedTypes(), List.copyOf(processor.declinedTypes()),
                pool.average() == null ? null : pool.average().toMillis());
    }

    /** The job types this worker runs: its {@code servedTypes}, else every type it has a handler for. */
    public List<String> servedTypes() {
        java.util.Set<String> served = options.processor().servedTypes();
        return List.copyOf(new java.util.TreeSet<>(served.isEmpty() ? processor.handlers().types() : served));
    }

    /** Pool figures since this worker was created. */
    public WorkerMetrics metrics() {
        return new WorkerMetrics(id(), processor.inFlight(), pool.completed.get(), pool.failed.get(), pool.retried.get(),
                pool.average(), Duration.between(startedAt, runtime.clock().instant()));
    }

    /**
     * Ready when started and not stopping (so polling), and the last heartbeat write succeeded within three heartbeat
     * intervals (AWS reachable recently). {@code /readyz} serves this.
     */
    public WorkerHealth health() {
        List<String> reasons = new ArrayList<>();
        synchronized (lifecycle) {
            if (!started) reasons.add("not started");
            if (stopped) reasons.add("draining: shutting down");
        }
        Instant contact = lastAwsContact;
        Duration allowed = options.heartbeatInterval().multipliedBy(3);
        if (contact == null) {
            reasons.add("no successful AWS call yet");
        } else if (Duration.between(contact, runtime.clock().instant()).compareTo(allowed) > 0) {
            reasons.add("AWS unreachable: last successful heartbeat " + contact + ", over " + allowed + " ago");
        }
        return new WorkerHealth(id(), reasons.isEmpty(), reasons, contact);
    }

    /** Runs {@link #shutdown()} when the JVM receives SIGTERM or SIGINT. */
    public Worker installShutdownHook() {
        Runtime.getRuntime().addShutdownHook(new Thread(this::shutdown, "jobkit-shutdown"));
        return this;
    }

    /** Graceful shutdown, as described on the class; blocks until done. Safe to call twice. */
    public void shutdown() {
        synchronized (lifecycle) {
            if (stopped) return;
            stopped = true;
        }
        LOG.info("worker {} shutting down: {} job(s) in flight, waiting up to {}", id(), processor.inFlight(),
                options.shutdownTimeout());
        pollers.forEach(QueuePoller::stop);
        slots.close();
        pollerThreads.forEach(Thread::interrupt);
        jobs.shutdown();
        if (!awaitJobs(options.shutdownTimeout())) {
            LOG.info("worker {}: releasing {} unfinished job(s) to run again", id(), processor.inFlight());
            processor.releaseAll();
            awaitJobs(options.processor().cancelGrace().plusSeconds(5));
        }
        joinPollers(Duration.ofSeconds(2));
        fifoHolds.shutdownNow();
        reconciler.shutdownNow();
        acks.close();
        heartbeat.shutdownNow();
        try {
            registry.remove(id());
        } catch (RuntimeException e) {
            LOG.debug("could not remove the heartbeat of worker {}; it expires by itself", id());
        }
        processor.close();
        if (metrics != null) {
            try {
                metrics.flushAll();
            } catch (RuntimeException e) {
                LOG.warn("worker {}: final job metrics flush failed: {}", id(), e.toString());
            }
        }
        LOG.info("worker {} stopped: {} processed, {} succeeded, {} failed, {} handler thread(s) abandoned ({} still"
                + " running)", id(), stats.processed.get(), stats.succeeded.get(), stats.failed.get(),
                processor.abandonedHandlersTotal(), processor.abandonedHandlers());
    }

    @Override
    public void close() {
        shutdown();
    }

    /**
     * Simulates a crash: stops every thread at once without recording an outcome, acknowledging a message or
     * removing the heartbeat. Running jobs are picked up by another worker once their lease expires. For chaos
     * tests and drills.
     */
    public void halt() {
        synchronized (lifecycle) {
            stopped = true;
        }
        pollers.forEach(QueuePoller::stop);
        slots.close();
        heartbeat.shutdownNow();
        fifoHolds.shutdownNow();
        reconciler.shutdownNow();
        acks.halt();
        processor.halt();
        pollerThreads.forEach(Thread::interrupt);
        jobs.shutdownNow();
    }

    private void beat() {
        try {
            registry.beat(info(), options.heartbeatInterval().multipliedBy(3));
            lastAwsContact = runtime.clock().instant();
        } catch (RuntimeException e) {
            LOG.warn("worker {} heartbeat failed: {}", id(), e.toString());
        }
    }

    /**
     * The next run after the interval ±25 %: workers started together (a deployment) spread their runs out instead
     * of all contending for the lease at once. A one-shot that re-arms itself, so each wait draws a new jitter.
     */
    private void scheduleReconcile() {
        long base = options.reconcileInterval().toMillis();
        long delay = Math.max(1, base * 3 / 4 + ThreadLocalRandom.current().nextLong(Math.max(1, base / 2 + 1)));
        try {
            reconciler.schedule(this::reconcile, delay, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException stopping) {
            // shutting down: no further runs
        }
    }

    /** One reconciler run; never throws into the worker (a failed run is logged and the next one comes anyway). */
    private void reconcile() {
        try {
            ReconcileReport report = client.reconcile(ReconcileOptions.of(o -> o.owner("worker " + id())));
            if (!report.repairs().isEmpty()) {
                LOG.info("worker {}: reconciler repaired {} stale record(s): {}", id(), report.repairs().size(),
                        report.repairedByKind());
            }
        } catch (RuntimeException e) {
            LOG.warn("worker {}: reconciler run failed: {}", id(), e.toString());
        } finally {
            synchronized (lifecycle) {
                if (!stopped) scheduleReconcile();
            }
        }
    }

    private void flushMetrics() {
        try {
            metrics.flushCompleted();
        } catch (RuntimeException e) {
            LOG.warn("worker {}: job metrics flush failed: {}", id(), e.toString());
        }
    }

    private boolean awaitJobs(Duration timeout) {
        try {
            return jobs.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void joinPollers(Duration timeout) {
        long until = System.nanoTime() + timeout.toNanos();
        for (Thread t : pollerThreads) {
            try {
                t.join(Math.max(1, (until - System.nanoTime()) / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            return ManagementFactory.getRuntimeMXBean().getName();
        }
    }
}
