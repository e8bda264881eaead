package io.jobkit.cli.logging;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JobkitLogEncoderTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    // the application's logback context, so MDC and key-value pairs reach events as they do in the CLI
    private final LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    private static final java.util.concurrent.atomic.AtomicInteger N = new java.util.concurrent.atomic.AtomicInteger();
    private Logger logger;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    @AfterEach
    void clear() {
        MDC.clear();
        if (logger != null) logger.detachAndStopAllAppenders();
    }

    private Logger logger(String format) {
        JobkitLogEncoder encoder = new JobkitLogEncoder();
        encoder.setContext(context);
        encoder.setFormat(format);
        encoder.setPattern("%-5level %X{jobId} %msg%n");
        encoder.start();
        OutputStreamAppender<ILoggingEvent> appender = new OutputStreamAppender<>();
        appender.setContext(context);
        appender.setEncoder(encoder);
        appender.setOutputStream(out);
        appender.start();
        logger = context.getLogger("io.jobkit.test.encoder" + N.incrementAndGet());
        logger.setAdditive(false);
        logger.setLevel(ch.qos.logback.classic.Level.DEBUG);
        logger.addAppender(appender);
        return logger;
    }

    @Test
    void json_printsOneObjectPerLine_withTheMdcAndKeyValueFieldsAsMembers() throws Exception {
        Logger log = logger("json");
        MDC.put("jobId", "0193-abc");
        MDC.put("jobType", "email.send");
        MDC.put("attempt", "2");
        MDC.put("queue", "normal");
        MDC.put("message", "shadowing a fixed member");
        log.atWarn().addKeyValue("host", "api.example.com").addKeyValue("ms", 900).log("upstream \"slow\"\nsecond line");
        MDC.clear();
        log.error("boom", new IllegalStateException("bad state"));

        String[] lines = out.toString(StandardCharsets.UTF_8).split("\n");
        assertThat(lines).hasSize(2);
        JsonNode first = JSON.readTree(lines[0]);
        assertThat(first.get("level").asText()).isEqualTo("WARN");
        assertThat(first.get("logger").asText()).startsWith("io.jobkit.test.encoder");
        assertThat(first.get("message").asText()).isEqualTo("upstream \"slow\"\nsecond line");
        assertThat(first.get("time").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
        assertThat(first.get("jobId").asText()).isEqualTo("0193-abc");
        assertThat(first.get("jobType").asText()).isEqualTo("email.send");
        assertThat(first.get("attempt").asText()).isEqualTo("2");
        assertThat(first.get("queue").asText()).isEqualTo("normal");
        assertThat(first.get("mdc.message").asText()).isEqualTo("shadowing a fixed member");
        assertThat(first.get("host").asText()).isEqualTo("api.example.com");
        assertThat(first.get("ms").isNumber()).isTrue();
        assertThat(first.get("ms").asInt()).isEqualTo(900);

        JsonNode second = JSON.readTree(lines[1]);
        assertThat(second.has("jobId")).isFalse();
        assertThat(second.get("error").asText()).contains("IllegalStateException: bad state").contains("at ");
    }

    @Test
    void text_usesThePattern() {
        Logger log = logger("text");
        MDC.put("jobId", "j1");
        log.info("hello");
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("INFO  j1 hello\n");
    }

    @Test
    void anUnknownFormat_isRefusedByTheCli_andLoggedAsTextByTheEncoder() {
        assertThatThrownBy(() -> LogFormat.fromEnvironment(Map.of("JOBKIT_LOG_FORMAT", "xml")))
                .hasMessage("JOBKIT_LOG_FORMAT=xml is not understood; use json (one JSON object per line) or text (the default)");
        assertThat(LogFormat.fromEnvironment(Map.of())).isEqualTo(LogFormat.TEXT);
        assertThat(LogFormat.parse(" JSON ")).isEqualTo(LogFormat.JSON);
        JobkitLogEncoder encoder = new JobkitLogEncoder();
        encoder.setContext(context);
        encoder.setFormat("xml");
        assertThat(encoder.format()).isEqualTo(LogFormat.TEXT);
    }
}
