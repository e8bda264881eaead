package io.jobkit.client.wire;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;

import java.time.Instant;
import java.util.Map;

/**
 * The SQS message body of a job, version 1. Documented for other languages by
 * {@code enqueue-client/src/main/resources/jobkit/envelope-v1.schema.json}.
 *
 * @param v          envelope version, always 1
 * @param id         the job id (time-ordered UUIDv7); may be absent in hand-written messages, the worker then uses
 *                   the SQS message id
 * @param type       the job type, which selects the handler
 * @param payload    the handler's input, any JSON value
 * @param options    delivery and retry options; absent fields take jobkit's defaults
 * @param enqueuedAt when the job was enqueued
 * @param notBefore  the earliest time the job may run; workers put early messages back without counting an attempt
 * @param context    optional trace / parent / chain / batch context
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Envelope(int v, String id, String type, JsonNode payload, Options options,
                       @JsonDeserialize(using = WireInstant.class) Instant enqueuedAt,
                       @JsonDeserialize(using = WireInstant.class) Instant notBefore, Context context) {

    public static final int VERSION = 1;

    /** The wire form of the job's options. Every field is optional. */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record Options(String priority, String queue, Integer maxAttempts, BackoffSpec backoff, Double timeoutSeconds,
                          String dedupKey, Map<String, String> tags, String groupKey, String tracking) {

        /** Options without a tracking level: the worker then applies its queue's. */
        public Options(String priority, String queue, Integer maxAttempts, BackoffSpec backoff, Double timeoutSeconds,
                       String dedupKey, Map<String, String> tags, String groupKey) {
            this(priority, queue, maxAttempts, backoff, timeoutSeconds, dedupKey, tags, groupKey, null);
        }
    }

    /** Backoff on the wire: strategy name and seconds (fractions allowed). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record BackoffSpec(String strategy, Double baseSeconds, Double capSeconds, Double jitter) {
    }

    /**
     * Where the job came from, for tracing and for chains and batches of jobs.
     *
     * @param parentId    the job that enqueued this one; for a chain step, the previous step (job or batch id)
     * @param chainId     the chain this job is a step of
     * @param batchId     the batch this job is a member of
     * @param step        the 0-based step index in {@code chainId}
     * @param callbackOf  the batch whose callback this job is
     * @param traceparent the W3C Trace Context {@code traceparent} current at enqueue
     *                    ({@code 00-<32 hex trace id>-<16 hex span id>-<2 hex flags>}); the handler runs in a span that
     *                    continues it
     * @param tracestate  the W3C {@code tracestate} that came with it, if any
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Context(String traceId, String parentId, String chainId, String batchId, Integer step,
                          String callbackOf, String traceparent, String tracestate) {
        /** A workflow context without W3C trace headers. */
        public Context(String traceId, String parentId, String chainId, String batchId, Integer step, String callbackOf) {
            this(traceId, parentId, chainId, batchId, step, callbackOf, null, null);
        }

        /** A context without workflow step or W3C trace headers. */
        public Context(String traceId, String parentId, String chainId, String batchId) {
            this(traceId, parentId, chainId, batchId, null, null, null, null);
        }

        /** True when a workflow (chain, batch, callback) must hear of this job's terminal outcome. */
        public boolean inWorkflow() {
            return chainId != null || batchId != null;
        }

        /** A copy carrying {@code traceparent} and {@code tracestate} (null keeps none). */
        public Context withTrace(String traceparent, String tracestate) {
            return new Context(traceId, parentId, chainId, batchId, step, callbackOf, traceparent, tracestate);
        }
    }

    public Envelope withId(String newId) {
        return new Envelope(v, newId, type, payload, options, enqueuedAt, notBefore, context);
    }
}
