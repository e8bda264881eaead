package io.jobkit.handlers.processor;

import io.jobkit.client.wire.Envelope;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Lambda's SQS records carry the X-Ray trace of the sender in the {@code AWSTraceHeader} system attribute
 * ({@code Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1}). When the envelope carries no
 * W3C {@code traceparent} of its own (a producer without OpenTelemetry, or a raw SendMessage from another language),
 * the handler's span continues that trace instead: X-Ray and W3C trace ids are the same 128 bits, written
 * {@code 1-<8 hex epoch>-<24 hex>} by X-Ray and as 32 hex digits by W3C.
 */
final class XRayTrace {
    /** The name the Lambda runtime gives the system attribute among a received message's attributes. */
    static final String ATTRIBUTE = "AWSTraceHeader";
    private static final Pattern ROOT = Pattern.compile("(?:^|;)\\s*Root=1-([0-9a-f]{8})-([0-9a-f]{24})(?:;|$)");
    private static final Pattern PARENT = Pattern.compile("(?:^|;)\\s*Parent=([0-9a-f]{16})(?:;|$)");
    private static final Pattern SAMPLED = Pattern.compile("(?:^|;)\\s*Sampled=([01])(?:;|$)");

    private XRayTrace() {
    }

    /** The W3C traceparent of an X-Ray trace header, or null when the header is absent, malformed or has no parent. */
    static String toTraceparent(String header) {
        if (header == null || header.isBlank()) return null;
        Matcher root = ROOT.matcher(header);
        Matcher parent = PARENT.matcher(header);
        if (!root.find() || !parent.find()) return null;
        Matcher sampled = SAMPLED.matcher(header);
        String flags = sampled.find() && sampled.group(1).equals("1") ? "01" : "00";
        return "00-" + root.group(1) + root.group(2) + "-" + parent.group(1) + "-" + flags;
    }

    /** {@code envelope}, continuing {@code header}'s trace when it has no traceparent of its own. */
    static Envelope adopt(Envelope envelope, String header) {
        Envelope.Context ctx = envelope.context();
        if (ctx != null && ctx.traceparent() != null) return envelope;
        String traceparent = toTraceparent(header);
        if (traceparent == null) return envelope;
        Envelope.Context base = ctx != null ? ctx : new Envelope.Context(null, null, null, null);
        return new Envelope(envelope.v(), envelope.id(), envelope.type(), envelope.payload(), envelope.options(),
                envelope.enqueuedAt(), envelope.notBefore(), base.withTrace(traceparent, null));
    }
}
