package io.jobkit.local.lambda;

import io.jobkit.client.JobClient;
import io.jobkit.client.control.QueueControls;
import io.jobkit.client.spi.ClientRuntime;
import io.jobkit.client.topology.QueueDef;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Lambda's SQS event source, run locally: one mapping per queue of a jobkit topology, invoking a {@link LocalFunction}
 * (in-process or isolated) with real {@code SQSEvent}s and settling each batch from its {@code batchItemFailures}.
 *
 * <pre>{@code
 * try (LocalEventSource source = LocalEventSource.start(client,
 *         LocalFunction.inProcess(FunctionSettings.of(8), "us-east-1", () -> new JobLambdaHandler(client, handlers, options)),
 *         EventSourceOptions.builder().batchSize(10).build())) { ... }
 * }</pre>
 *
 * <ol>
 *   <li>{@link #start}: resolve each mapped queue's URL and ARN, start one poller thread per mapping.</li>
 *   <li>Pollers gather batches and hand them to invocation threads ({@link QueueMapping}).</li>
 *   <li>{@link #close()}: stop polling (a poll still under way hands back what it gets at once), let invocations in
 *       flight finish (up to the function's timeout), then stop the function's environments.</li>
 * </ol>
 */
public final class LocalEventSource implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LocalEventSource.class);

    private final LocalFunction function;
    private final List<QueueMapping> mappings = new ArrayList<>();
    private final List<Thread> pollers = new ArrayList<>();
    private final ExecutorService invokers;
    private final EventSourceStats.Counters counters = new EventSourceStats.Counters();
    volatile LocalLambdaApi registeredWith;

    private LocalEventSource(JobClient client, LocalFunction function, EventSourceOptions options) {
        this.function = function;
        ClientRuntime runtime = client.runtime();
        List<QueueDef> queues = options.queues().isEmpty() ? runtime.topology().queues()
                : options.queues().stream().map(runtime.topology()::queue).toList();
        AtomicInteger n = new AtomicInteger();
        this.invokers = Executors.newCachedThreadPool(r -> daemon(r, "lambda-invoke-" + n.incrementAndGet()));
        QueueControls controls = new QueueControls(runtime.dynamoDb(), runtime.topology().tableName(), runtime.clock());
        for (QueueDef q : queues) {
            mappings.add(new QueueMapping(q.name(), runtime.queues().url(q), runtime.queues().arn(q), q.fifo(),
                    runtime.sqs(), function, options, invokers, counters, controls));
        }
    }

    /** Maps every queue in {@code options} (default: all of {@code client}'s topology) to {@code function}. */
    public static LocalEventSource start(JobClient client, LocalFunction function, EventSourceOptions options) {
        LocalEventSource source = new LocalEventSource(client, function, options);
        for (QueueMapping m : source.mappings) {
            Thread t = daemon(m, "lambda-poll-" + source.pollers.size());
            source.pollers.add(t);
            t.start();
        }
        LOG.info("local event source started: {} queue(s) → function {} (batch {}, window {}, concurrency {} per queue)",
                source.mappings.size(), function.settings().name(), options.batchSize(), options.maximumBatchingWindow(),
                options.maximumConcurrency());
        return source;
    }

    /** The mappings, one per queue, for the local Lambda API ({@link LocalLambdaApi}). */
    List<QueueMapping> mappings() {
        return List.copyOf(mappings);
    }

    public EventSourceStats stats() {
        return counters.snapshot();
    }

    public LocalFunction function() {
        return function;
    }

    @Override
    public void close() {
        LocalLambdaApi api = registeredWith;
        if (api != null) api.unregister(this);
        mappings.forEach(QueueMapping::stop);
        pollers.forEach(Thread::interrupt);
        Duration wait = function.settings().timeout().plusSeconds(5);
        try {
            for (QueueMapping m : mappings) {
                if (!m.awaitIdle(wait)) LOG.warn("local event source: an invocation outlived its timeout at shutdown");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        invokers.shutdownNow();
        function.close();
        LOG.info("local event source stopped: {}", stats());
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }
}
