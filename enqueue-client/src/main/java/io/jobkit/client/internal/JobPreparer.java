package io.jobkit.client.internal;

import io.jobkit.client.spi.QueueDirectory;
import io.jobkit.client.spi.OneTimeSchedules;
import io.jobkit.client.spi.OutgoingMessage;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import io.jobkit.client.Durations;
import io.jobkit.client.EnqueueRequest;
import io.jobkit.client.JobOptions;
import io.jobkit.client.JobStatus;
import io.jobkit.client.JobValidationException;
import io.jobkit.client.topology.QueueDef;
import io.jobkit.client.topology.Topology;
import io.jobkit.client.store.NewJob;
import io.jobkit.client.wire.Envelope;
import io.jobkit.client.wire.EnvelopeCodec;

import java.time.Clock;
import java.time.Instant;
import java.util.regex.Pattern;

/**
 * Turns an enqueue request into a {@link PreparedJob}, rejecting bad input with a message that says how to fix it:
 * type names, payload JSON and size, queue routing and the FIFO rules. Nothing is written or sent here.
 *
 * <p>It also picks the delivery: a run-at time in the future, or a delay over SQS's 15 minutes, makes the job
 * SCHEDULED with a one-time EventBridge Scheduler schedule ({@link OneTimeSchedules}); anything else is QUEUED and
 * sent to SQS now, with {@code DelaySeconds} for a short delay. The envelope's not-before time is the run-at time
 * either way, so a worker never starts the job early.
 */
public final class JobPreparer {
    /** Run-at times closer than this go through SQS's DelaySeconds instead of a one-time schedule. */
    static final java.time.Duration SCHEDULER_LEAD = java.time.Duration.ofSeconds(2);
    public static final Pattern TYPE = Pattern.compile("[A-Za-z][A-Za-z0-9_.:-]{0,127}");

    private final Topology topology;
    private final QueueDirectory queues;
    private final ObjectMapper payloadMapper;
    private final JobIds ids;
    private final Clock clock;
    private final int maxMessageBytes;
    private final boolean canSchedule;

    /** @param canSchedule whether the client has a scheduler client and role, so it can create one-time schedules */
    public JobPreparer(QueueDirectory queues, ObjectMapper payloadMapper, JobIds ids, Clock clock, int maxMessageBytes,
                       boolean canSchedule) {
        this.topology = queues.topology();
        this.queues = queues;
        this.payloadMapper = payloadMapper;
        this.ids = ids;
        this.clock = clock;
        this.maxMessageBytes = maxMessageBytes;
        this.canSchedule = canSchedule;
    }

    /** The tracking level {@link #prepare} would give the request: its own, else its queue's. */
    public io.jobkit.client.TrackingLevel trackingOf(EnqueueRequest request) {
        JobOptions options = request.options();
        if (options.tracking() != null) return options.tracking();
        QueueDef queue = options.queue() != null ? topology.queue(options.queue()) : topology.route(request.type(), options.priority());
        return queue.tracking();
    }

    public PreparedJob prepare(EnqueueRequest request, Envelope.Context context) {
        return prepare(request, context, null);
    }

    /**
     * As {@link #prepare(EnqueueRequest, Envelope.Context)} with an id chosen beforehand (a fresh {@link #newId()}), so
     * a workflow can record membership before the job exists. Unlike a caller's {@code jobId} option it is not
     * checked for an existing job: it is new by construction.
     */
    public PreparedJob prepare(EnqueueRequest request, Envelope.Context context, String presetId) {
        String type = validateType(request.type());
        JobOptions options = request.options();
        QueueDef queue = options.queue() != null ? topology.queue(options.queue()) : topology.route(type, options.priority());
        Instant now = clock.instant();
        Instant runAt = scheduledTime(options, now);
        checkFifoRules(queue, options, runAt != null);
        JsonNode payload = toJson(request.payload());

        io.jobkit.client.TrackingLevel tracking = options.tracking() != null ? options.tracking() : queue.tracking();
        checkTrackingRules(tracking, options, queue);
        String id = options.jobId() != null ? options.jobId() : presetId != null ? presetId : ids.next(tracking);
        Instant imminent = imminentRunAt(options, now);
        Instant notBefore = runAt != null ? runAt : imminent != null ? imminent
                : options.delay().isZero() ? null : now.plus(options.delay());
        Envelope envelope = new Envelope(Envelope.VERSION, id, type, payload, EnvelopeCodec.toWire(options, queue.name(), tracking),
                now, notBefore, TraceHeaders.inject(context, id, type, queue.name()));
        String body = EnvelopeCodec.encode(envelope);
        int delaySeconds = runAt != null ? 0 : imminent != null ? secondsUntil(now, imminent)
                : (int) ((options.delay().toMillis() + 999) / 1000);
        OutgoingMessage message = new OutgoingMessage(id, type, queues.url(queue), body, delaySeconds,
                queue.fifo() ? options.groupKey() : null);
        checkSize(message, body);
        NewJob record = new NewJob(id, type, queue.name(), options.priority(), options.maxAttempts(), options.tags(),
                runAt != null ? JobStatus.SCHEDULED : JobStatus.QUEUED, runAt, body, options.dedupKey(),
                options.dedupWindow(), runAt != null ? OneTimeSchedules.nameForJob(id) : null, options.jobId() != null);
        return new PreparedJob(record, message, envelope, options, tracking);
    }

    /** What a level cannot offer is refused here, with what to use instead. */
    static void checkTrackingRules(io.jobkit.client.TrackingLevel tracking, JobOptions options, QueueDef queue) {
        String where = options.tracking() != null ? "" : " (the tracking level of queue '" + queue.name() + "')";
        if (tracking != io.jobkit.client.TrackingLevel.FULL && options.jobId() != null) {
            throw new JobValidationException("a caller-chosen jobId needs tracking 'full', and this job is tracked '"
                    + tracking.wireName() + "'" + where + ": nothing is written at enqueue to hold the id; drop jobId"
                    + (tracking == io.jobkit.client.TrackingLevel.LEAN ? " and use a dedupKey" : "")
                    + ", or set tracking(TrackingLevel.FULL)");
        }
        if (tracking == io.jobkit.client.TrackingLevel.NONE && options.dedupKey() != null) {
            throw new JobValidationException("dedupKey needs a DynamoDB dedup item, and this job is tracked 'none'"
                    + where + "; use tracking 'lean' (one write at enqueue holds the key) or 'full'");
        }
    }

    /**
     * When EventBridge Scheduler must send the job (whole seconds, rounded up), or null to send it to SQS now: a
     * run-at time that has not passed, or a delay longer than SQS's 15 minutes.
     */
    private Instant scheduledTime(JobOptions options, Instant now) {
        Instant runAt = null;
        String why = null;
        if (options.runAt() != null) {
            // a run-at time that has passed runs now; one that is imminent goes through SQS, see imminentRunAt
            if (!options.runAt().isAfter(now.plus(SCHEDULER_LEAD))) return null;
            if (options.runAt().isAfter(now.plus(JobOptions.MAX_DELAY))) {
                throw new JobValidationException("runAt " + options.runAt() + " is more than 365 days ahead; enqueue"
                        + " closer to the time the job should run");
            }
            runAt = options.runAt();
            why = "runAt " + runAt + " is in the future";
        } else if (options.delay().compareTo(JobOptions.MAX_SQS_DELAY) > 0) {
            runAt = now.plus(options.delay());
            why = "delay " + Durations.format(options.delay()) + " exceeds SQS's 15-minute maximum";
        }
        if (runAt == null) return null;
        if (!canSchedule) {
            throw new JobValidationException(why + ", so jobkit sends the job through EventBridge Scheduler, and this"
                    + " client has no scheduler configured; set JOBKIT_SCHEDULER_ROLE_ARN (plus AWS_ENDPOINT_URL_SCHEDULER"
                    + " for a local scheduler), or call JobClient.builder().schedulerClient(...).schedulerRoleArn(...)");
        }
        return OneTimeSchedules.ceilToSecond(runAt);
    }

    /**
     * A run-at time within {@link #SCHEDULER_LEAD}: by the time the record is written and CreateSchedule reaches
     * EventBridge it may have passed, and a one-time schedule for a past time is not something to rely on. SQS's
     * DelaySeconds holds it exactly instead (not on FIFO queues, which refuse per-message delays: they run it now;
     * the worker still waits for its not-before time). Null when there is none.
     */
    private static Instant imminentRunAt(JobOptions options, Instant now) {
        Instant at = options.runAt();
        if (at == null || !at.isAfter(now) || at.isAfter(now.plus(SCHEDULER_LEAD))) return null;
        return at;
    }

    private static int secondsUntil(Instant now, Instant at) {
        return (int) ((java.time.Duration.between(now, at).toMillis() + 999) / 1000);
    }

    /** A queue of the topology by its logical name. */
    /** A fresh time-ordered id. */
    public String newId() {
        return ids.next();
    }

    public QueueDef queue(String name) {
        return topology.queue(name);
    }

    public static String validateType(String type) {
        if (type == null || type.isBlank()) {
            throw new JobValidationException("job type is empty; name the job, e.g. 'email.send'");
        }
        if (!TYPE.matcher(type).matches()) {
            throw new JobValidationException("job type '" + type + "' is malformed; start with a letter and use letters,"
                    + " digits, '.', '_', ':' or '-' (at most 128 characters), e.g. 'email.send'");
        }
        return type;
    }

    static void checkFifoRules(QueueDef queue, JobOptions options, boolean scheduled) {
        if (queue.fifo()) {
            if (options.groupKey() == null) {
                throw new JobValidationException("queue '" + queue.name() + "' is a FIFO queue; set a groupKey (jobs with"
                        + " the same group key run in order)");
            }
            if (!options.delay().isZero() && !scheduled) {
                throw new JobValidationException("queue '" + queue.name() + "' is a FIFO queue, and SQS FIFO queues do"
                        + " not support per-message delays; enqueue without a delay, or with runAt(...) so EventBridge"
                        + " Scheduler sends the job at that time");
            }
        } else if (options.groupKey() != null) {
            throw new JobValidationException("groupKey is only for FIFO queues, and queue '" + queue.name()
                    + "' is a standard queue; route the job to a FIFO queue or drop the groupKey");
        }
    }

    /** A payload as JSON: a {@code JsonNode} as is, a string parsed as JSON text, anything else serialised. */
    public JsonNode toJson(Object payload) {
        if (payload == null) return NullNode.getInstance();
        if (payload instanceof JsonNode node) return node;
        if (payload instanceof CharSequence text) {
            try {
                return payloadMapper.readTree(text.toString());
            } catch (JsonProcessingException e) {
                throw new JobValidationException("payload is a string but not valid JSON (" + e.getOriginalMessage()
                        + " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr()
                        + "); pass JSON text, or an object for jobkit to serialise");
            }
        }
        try {
            return payloadMapper.valueToTree(payload);
        } catch (IllegalArgumentException e) {
            throw new JobValidationException("payload of type " + payload.getClass().getName()
                    + " cannot be serialised to JSON: " + e.getMessage(), e);
        }
    }

    private void checkSize(OutgoingMessage message, String body) {
        int size = message.sizeInBytes();
        if (size > maxMessageBytes) {
            throw new JobValidationException(String.format(
                    "payload is too large: the message would be %,d bytes, over the %,d-byte limit"
                            + " (JOBKIT_MAX_MESSAGE_BYTES); keep large data in S3 and enqueue a reference to it",
                    size, maxMessageBytes));
        }
    }
}
