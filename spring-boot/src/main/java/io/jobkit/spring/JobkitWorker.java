package io.jobkit.spring;

import io.jobkit.client.JobClient;
import io.jobkit.handlers.JobHandlers;
import io.jobkit.handlers.worker.Worker;
import io.jobkit.handlers.worker.WorkerOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.SmartLifecycle;
import org.springframework.util.ClassUtils;

/**
 * The container worker, tied to the application's lifecycle.
 *
 * <ol>
 *   <li>{@link #start()} (after every singleton exists): collect the handler beans, wrap them with meters when
 *       Micrometer is present, start polling.</li>
 *   <li>{@link #stop(Runnable)} (on context close, before beans are destroyed): stop receiving, let running jobs
 *       finish within {@code jobkit.worker.shutdown-timeout}, release the rest, then report back — on its own thread,
 *       so other lifecycles stop in parallel.</li>
 * </ol>
 */
public final class JobkitWorker implements SmartLifecycle {
    private static final Logger LOG = LoggerFactory.getLogger(JobkitWorker.class);
    private static final boolean MICROMETER = ClassUtils.isPresent("io.micrometer.core.instrument.MeterRegistry",
            JobkitWorker.class.getClassLoader());

    private final ConfigurableApplicationContext context;
    private final JobClient client;
    private final JobkitProperties.Worker settings;
    private volatile Worker worker;

    JobkitWorker(ConfigurableApplicationContext context, JobClient client, JobkitProperties.Worker settings) {
        this.context = context;
        this.client = client;
        this.settings = settings;
    }

    @Override
    public synchronized void start() {
        if (worker != null) return;
        JobHandlers handlers = HandlerBeans.collect(context);
        if (handlers.types().isEmpty()) {
            LOG.info("jobkit worker not started: no handler beans (JobHandler with @JobkitHandler, @JobkitHandler methods,"
                    + " or JobHandlers)");
            return;
        }
        if (MICROMETER) handlers = Meters.wrap(context, handlers);
        WorkerOptions options = WorkerOptions.builder().queues(settings.getQueues()).concurrency(settings.getConcurrency())
                .pollWait(settings.getPollWait()).shutdownTimeout(settings.getShutdownTimeout()).build();
        worker = Worker.create(client, handlers, options).start();
        LOG.info("jobkit worker {} started for types {} on queues {}", worker.id(), handlers.types(),
                settings.getQueues().isEmpty() ? "(all)" : settings.getQueues());
    }

    @Override
    public void stop() {
        Worker w;
        synchronized (this) {
            w = worker;
            worker = null;
        }
        if (w != null) w.close();
    }

    @Override
    public void stop(Runnable callback) {
        Thread t = new Thread(() -> {
            try {
                stop();
            } finally {
                callback.run();
            }
        }, "jobkit-worker-stop");
        t.start();
    }

    @Override
    public boolean isRunning() {
        return worker != null;
    }

    /** Touches Micrometer types only when Micrometer is on the classpath. */
    private static final class Meters {
        static JobHandlers wrap(ConfigurableApplicationContext context, JobHandlers handlers) {
            io.micrometer.core.instrument.MeterRegistry registry =
                    context.getBeanProvider(io.micrometer.core.instrument.MeterRegistry.class).getIfAvailable();
            return registry == null ? handlers : MeteredHandlers.wrap(handlers, registry);
        }
    }

    /** The running worker, or null. */
    public Worker worker() {
        return worker;
    }
}
