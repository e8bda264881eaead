package io.jobkit.client.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
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
 */
public final class JobPreparer {
    public static final Pattern TYPE = Pattern.compile("[A-Za-z][A-Za-z0-9_.:-]{0,127}");

    private final Topology topology;
    private final QueueDirectory queues;
    private final ObjectMapper payloadMapper;
    private final JobIds ids;
    private final Clock clock;
    private final int maxMessageBytes;

    public JobPreparer(QueueDirectory queues, ObjectMapper payloadMapper, JobIds ids, Clock clock, int maxMessageBytes) {
        this.topology = queues.topology();
        this.queues = queues;
        this.payloadMapper = payloadMapper;
        this.ids = ids;
        this.clock = clock;
        this.maxMessageBytes = maxMessageBytes;
    }

    public PreparedJob prepare(EnqueueRequest request, Envelope.Context context) {
        String type = validateType(request.type());
        JobOptions options = request.options();
        QueueDef queue = options.queue() != null ? topology.queue(options.queue()) : topology.route(type, options.priority());
        checkFifoRules(queue, options);
        JsonNode payload = toJson(request.payload());

        String id = ids.next();
        Instant now = clock.instant();
        Instant notBefore = options.delay().isZero() ? null : now.plus(options.delay());
        Envelope envelope = new Envelope(Envelope.VERSION, id, type, payload, EnvelopeCodec.toWire(options, queue.name()),
                now, notBefore, context);
        String body = EnvelopeCodec.encode(envelope);
        int delaySeconds = (int) ((options.delay().toMillis() + 999) / 1000);
        OutgoingMessage message = new OutgoingMessage(id, type, queues.url(queue), body, delaySeconds,
                queue.fifo() ? options.groupKey() : null);
        checkSize(message, body);
        NewJob record = new NewJob(id, type, queue.name(), options.priority(), options.maxAttempts(), options.tags(),
                JobStatus.QUEUED, null, body, options.dedupKey(), options.dedupWindow(), null);
        return new PreparedJob(record, message, envelope, options);
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

    private static void checkFifoRules(QueueDef queue, JobOptions options) {
        if (queue.fifo()) {
            if (options.groupKey() == null) {
                throw new JobValidationException("queue '" + queue.name() + "' is a FIFO queue; set a groupKey (jobs with"
                        + " the same group key run in order)");
            }
            if (!options.delay().isZero()) {
                throw new JobValidationException("queue '" + queue.name() + "' is a FIFO queue, and SQS FIFO queues do"
                        + " not support per-message delays; enqueue without a delay");
            }
        } else if (options.groupKey() != null) {
            throw new JobValidationException("groupKey is only for FIFO queues, and queue '" + queue.name()
                    + "' is a standard queue; route the job to a FIFO queue or drop the groupKey");
        }
    }

    private JsonNode toJson(Object payload) {
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
