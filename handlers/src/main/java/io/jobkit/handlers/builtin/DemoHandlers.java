package io.jobkit.handlers.builtin;

import com.fasterxml.jackson.databind.JsonNode;
import io.jobkit.handlers.FailJobException;
import io.jobkit.handlers.JobHandlerProvider;
import io.jobkit.handlers.JobHandlers;
import io.jobkit.handlers.RetryJobException;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Handlers for the local demo and the benchmark. Not registered automatically: {@code local/run} adds them, or
 * name this class in {@code JOBKIT_HANDLERS}.
 *
 * <ul>
 *   <li>{@code demo.report} {@code {"pages":20,"pageMillis":200}}: reports progress per page and returns a summary.</li>
 *   <li>{@code demo.flaky} {@code {"failRate":0.5,"millis":100}}: fails at random; retried with backoff.</li>
 *   <li>{@code demo.sleep} {@code {"millis":2000}}: sleeps, honouring cancellation.</li>
 *   <li>{@code demo.reject} {@code {"reason":"..."}}: fails permanently, straight to the DLQ.</li>
 *   <li>{@code demo.noop}: returns at once (for the benchmark).</li>
 *   <li>{@code demo.chain} {@code {"next":"demo.noop"}}: enqueues one follow-up job of type {@code next} and returns
 *       its id.</li>
 *   <li>{@code demo.later} {@code {"retryAfterSeconds":46800}}: the first attempt asks to be retried after that
 *       delay (beyond 12 h jobkit routes it through EventBridge Scheduler); later attempts succeed.</li>
 * </ul>
 */
public final class DemoHandlers implements JobHandlerProvider {

    @Override
    public void register(JobHandlers.Builder handlers) {
        handlers.handler("demo.report", JsonNode.class, (p, ctx) -> {
            int pages = p.path("pages").asInt(10);
            long pageMillis = p.path("pageMillis").asLong(200);
            for (int page = 1; page <= pages; page++) {
                ctx.throwIfCancelled();
                Thread.sleep(pageMillis);
                ctx.progress(page * 100 / pages, "page " + page + " of " + pages);
            }
            ctx.log("report of {} pages done", pages);
            return Map.of("pages", pages, "location", "s3://demo-reports/" + ctx.jobId() + ".pdf");
        });
        handlers.handler("demo.flaky", JsonNode.class, (p, ctx) -> {
            Thread.sleep(p.path("millis").asLong(100));
            if (ThreadLocalRandom.current().nextDouble() < p.path("failRate").asDouble(0.5)) {
                throw new IllegalStateException("flaky dependency timed out (attempt " + ctx.attempt() + ")");
            }
            return Map.of("attempt", ctx.attempt());
        });
        handlers.handler("demo.sleep", JsonNode.class, (p, ctx) -> {
            Thread.sleep(p.path("millis").asLong(1000));
            return null;
        });
        handlers.handler("demo.reject", JsonNode.class, (p, ctx) -> {
            throw new FailJobException(p.path("reason").asText("the demo asked for a permanent failure"));
        });
        handlers.handler("demo.noop", JsonNode.class, (p, ctx) -> null);
        handlers.handler("demo.chain", JsonNode.class, (p, ctx) ->
                Map.of("next", ctx.enqueuer().enqueue(p.path("next").asText("demo.noop"), Map.of())));
        handlers.handler("demo.later", JsonNode.class, (p, ctx) -> {
            if (ctx.attempt() == 1) {
                throw new RetryJobException(Duration.ofSeconds(p.path("retryAfterSeconds").asLong(60)), "asked to come back later");
            }
            return Map.of("attempt", ctx.attempt());
        });
    }
}
