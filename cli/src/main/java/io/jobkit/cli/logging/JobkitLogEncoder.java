package io.jobkit.cli.logging;

import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.encoder.EncoderBase;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import org.slf4j.event.KeyValuePair;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

/**
 * The CLI's (and so the worker's) log encoder: the configured pattern by default, or with {@code format=json}
 * ({@code JOBKIT_LOG_FORMAT=json}) one JSON object per line, for CloudWatch Logs Insights and other log pipelines:
 *
 * <pre>{"time":"…Z","level":"INFO","logger":"io.jobkit.job","thread":"jobkit-handler-1","message":"…",
 *  "jobId":"…","jobType":"…","attempt":"1","queue":"normal","traceId":"…","host":"…","error":"…stack…"}</pre>
 *
 * MDC entries (the job's id, type, attempt, queue, trace and span ids on handler threads) and SLF4J key-value pairs
 * (a job log line's fields) are top-level members; one that would shadow a fixed member is written with a {@code mdc.}
 * or {@code kv.} prefix instead.
 */
public final class JobkitLogEncoder extends EncoderBase<ILoggingEvent> {
    private static final JsonFactory JSON = new JsonFactory();
    private static final Set<String> FIXED = Set.of("time", "level", "logger", "thread", "message", "error");

    private String pattern = "%d{HH:mm:ss.SSS} %-5level %logger{20} - %msg%n";
    private LogFormat format = LogFormat.TEXT;
    private PatternLayoutEncoder text;

    /** {@code text} or {@code json}; the logback configuration passes {@code ${JOBKIT_LOG_FORMAT:-text}}. */
    public void setFormat(String value) {
        try {
            this.format = LogFormat.parse(value);
        } catch (IllegalArgumentException e) {
            // the CLI refuses such a value before any command runs; elsewhere, say so once and log as text
            addError(e.getMessage());
            this.format = LogFormat.TEXT;
        }
    }

    public void setPattern(String pattern) {
        this.pattern = pattern;
    }

    public LogFormat format() {
        return format;
    }

    @Override
    public void start() {
        if (format == LogFormat.TEXT) {
            text = new PatternLayoutEncoder();
            text.setContext(getContext());
            text.setPattern(pattern);
            text.start();
        }
        super.start();
    }

    @Override
    public void stop() {
        if (text != null) text.stop();
        super.stop();
    }

    @Override
    public byte[] headerBytes() {
        return null;
    }

    @Override
    public byte[] footerBytes() {
        return null;
    }

    @Override
    public byte[] encode(ILoggingEvent event) {
        if (format == LogFormat.TEXT) return text.encode(event);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try (JsonGenerator g = JSON.createGenerator(bytes)) {
            g.writeStartObject();
            g.writeStringField("time", Instant.ofEpochMilli(event.getTimeStamp()).toString());
            g.writeStringField("level", event.getLevel().toString());
            g.writeStringField("logger", event.getLoggerName());
            g.writeStringField("thread", event.getThreadName());
            g.writeStringField("message", event.getFormattedMessage());
            Map<String, String> mdc = event.getMDCPropertyMap();
            if (mdc != null) {
                for (Map.Entry<String, String> e : mdc.entrySet()) {
                    g.writeStringField(FIXED.contains(e.getKey()) ? "mdc." + e.getKey() : e.getKey(), e.getValue());
                }
            }
            if (event.getKeyValuePairs() != null) {
                for (KeyValuePair kv : event.getKeyValuePairs()) {
                    String name = FIXED.contains(kv.key) || (mdc != null && mdc.containsKey(kv.key)) ? "kv." + kv.key : kv.key;
                    g.writeFieldName(name);
                    if (kv.value instanceof Number n) g.writeNumber(n.toString());
                    else if (kv.value instanceof Boolean b) g.writeBoolean(b);
                    else g.writeString(String.valueOf(kv.value));
                }
            }
            IThrowableProxy thrown = event.getThrowableProxy();
            if (thrown != null) g.writeStringField("error", ThrowableProxyUtil.asString(thrown));
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        bytes.write('\n');
        return bytes.toByteArray();
    }
}
