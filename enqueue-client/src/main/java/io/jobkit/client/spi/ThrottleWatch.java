package io.jobkit.client.spi;

import io.jobkit.client.Throttles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.metrics.CoreMetric;
import software.amazon.awssdk.metrics.MetricCollection;
import software.amazon.awssdk.metrics.MetricPublisher;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Makes throttling visible. The SDK retries throttled attempts quietly; this metric publisher sees every API call's
 * attempts (the SDK's own {@code ErrorType} metric, {@code Throttling} for 400 throttling codes and 503 SlowDown),
 * counts each throttled attempt in {@link Throttles}, and logs a WARN naming the operation at most once per
 * {@code Service.Operation} per interval, with how many were throttled since the last line, so a throttling storm
 * neither hides nor floods the log.
 */
public final class ThrottleWatch implements MetricPublisher {
    static final String THROTTLING = "Throttling";
    private static final Logger LOG = LoggerFactory.getLogger(ThrottleWatch.class);

    private final Throttles throttles;
    private final Clock clock;
    private final Duration logInterval;
    private final Consumer<String> warn;
    private final Map<String, Window> windows = new ConcurrentHashMap<>();

    /** @param warn where the rate-limited warning goes (the SLF4J WARN log in production) */
    public ThrottleWatch(Throttles throttles, Clock clock, Duration logInterval, Consumer<String> warn) {
        this.throttles = throttles;
        this.clock = clock;
        this.logInterval = logInterval;
        this.warn = warn;
    }

    private static final ThrottleWatch PROCESS = new ThrottleWatch(Throttles.process(), Clock.systemUTC(),
            Duration.ofSeconds(30), LOG::warn);

    /** The one watch every jobkit-built SDK client shares: one WARN per operation per 30 s for the whole process. */
    public static ThrottleWatch forProcess() {
        return PROCESS;
    }

    @Override
    public void publish(MetricCollection call) {
        int throttled = 0;
        for (MetricCollection attempt : call.children()) {
            throttled += (int) attempt.metricValues(CoreMetric.ERROR_TYPE).stream().filter(THROTTLING::equals).count();
        }
        if (throttled == 0) return;
        String operation = first(call, CoreMetric.SERVICE_ID) + "." + first(call, CoreMetric.OPERATION_NAME);
        for (int i = 0; i < throttled; i++) throttles.record(operation);
        windows.computeIfAbsent(operation, k -> new Window()).add(operation, throttled);
    }

    private static String first(MetricCollection call, software.amazon.awssdk.metrics.SdkMetric<String> metric) {
        return call.metricValues(metric).stream().findFirst().orElse("unknown");
    }

    @Override
    public void close() {
    }

    /** Throttled attempts of one operation not yet logged, and when it last logged. */
    private final class Window {
        private Instant lastLogged;
        private long pending;

        synchronized void add(String operation, int throttled) {
            pending += throttled;
            Instant now = clock.instant();
            if (lastLogged != null && now.isBefore(lastLogged.plus(logInterval))) return;
            warn.accept("AWS throttled " + operation + " " + pending + " time(s) since the last report (the SDK retries"
                    + " with backoff; " + throttles.snapshot().getOrDefault(operation, 0L) + " throttled so far)");
            lastLogged = now;
            pending = 0;
        }
    }
}
