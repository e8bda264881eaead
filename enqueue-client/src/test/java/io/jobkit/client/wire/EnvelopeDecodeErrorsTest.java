package io.jobkit.client.wire;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Bodies other senders get wrong, decoded without AWS: each reason says what to send instead and quotes no value
 * from the body (reasons end up in logs and DLQ attributes). The same bodies run end to end in the tests module's
 * {@code RawBodyBadInputIT}.
 */
class EnvelopeDecodeErrorsTest {

    /** @param secret a value in the body that the reason must not repeat, or null */
    record Case(String name, String body, String secret, String... expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    static List<Case> cases() {
        String base64 = Base64.getEncoder().encodeToString("{\"v\":1,\"type\":\"a\",\"payload\":{}}".getBytes(StandardCharsets.UTF_8));
        return List.of(
                new Case("blank", "  ", null, "message body is empty", "send the envelope JSON"),
                new Case("text", "hunter2 is the password", "hunter2", "message body is not valid JSON (it breaks at line 1, column", "send the envelope JSON"),
                new Case("truncated", "{\"v\":1,\"type\":\"a\",\"payload\":{\"card\":\"4111", "4111", "it ends early", "was it cut off?"),
                new Case("byte-order mark", "\uFEFF{\"v\":1,\"type\":\"a\",\"payload\":{}}", null, "starts with a byte-order mark (U+FEFF)"),
                new Case("base64 of an envelope", base64, null, "it looks base64-encoded", "send the envelope JSON itself"),
                new Case("base64-looking, not JSON", "aGVsbG8gd29ybGQh", null, "message body is not valid JSON", "send the envelope JSON, e.g."),
                new Case("array", "[\"secret-token\"]", "secret-token", "message body is JSON but not an object", "send the envelope object"),
                new Case("SNS notification", "{\"Type\":\"Notification\",\"Message\":\"{}\"}", null, "an SNS notification", "enable raw message delivery"),
                new Case("no v", "{\"type\":\"a\",\"payload\":{}}", null, "no envelope version \"v\"", "jobkit expects {\"v\":1"),
                new Case("v as a string", "{\"v\":\"1\",\"type\":\"a\",\"payload\":{}}", null, "envelope version \"v\" is a string", "send it as the number 1"),
                new Case("v 2", "{\"v\":2,\"type\":\"a\",\"payload\":{}}", null, "envelope version 2 is not supported", "send \"v\":1"),
                new Case("type missing", "{\"v\":1,\"payload\":{}}", null, "envelope has no job \"type\"", "e.g. \"email.send\""),
                new Case("type null", "{\"v\":1,\"type\":null,\"payload\":{}}", null, "envelope has no job \"type\""),
                new Case("type a number", "{\"v\":1,\"type\":42,\"payload\":{}}", null, "envelope \"type\" must be a non-empty string"),
                new Case("type an object", "{\"v\":1,\"type\":{\"name\":\"x\"},\"payload\":{}}", null, "envelope \"type\" must be a non-empty string"),
                new Case("enqueuedAt not a time", "{\"v\":1,\"type\":\"a\",\"payload\":{},\"enqueuedAt\":\"when-pigs-fly\"}", "when-pigs-fly",
                        "envelope field 'enqueuedAt' has the wrong form; expected an ISO-8601 time"),
                new Case("maxAttempts a word", "{\"v\":1,\"type\":\"a\",\"payload\":{},\"options\":{\"maxAttempts\":\"lots-of-them\"}}", "lots-of-them",
                        "envelope field 'options.maxAttempts' has the wrong form; expected a number"),
                new Case("options a string", "{\"v\":1,\"type\":\"a\",\"payload\":{},\"options\":\"fast\"}", null,
                        "envelope field 'options' has the wrong form; expected an object"),
                new Case("tags an array", "{\"v\":1,\"type\":\"a\",\"payload\":{},\"options\":{\"tags\":[\"pii-value\"]}}", "pii-value",
                        "envelope field 'options.tags' has the wrong form; expected an object"),
                new Case("payload missing", "{\"v\":1,\"type\":\"a\"}", null, "envelope has no \"payload\"", "use {} or null explicitly"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void aBadBody_isRefusedWithWhatToSend_andQuotesNoValue(Case c) {
        var thrown = assertThatThrownBy(() -> EnvelopeCodec.decode(c.body()))
                .isInstanceOf(MalformedEnvelopeException.class)
                .hasMessageContainingAll(c.expected());
        if (c.secret() != null) thrown.message().doesNotContain(c.secret());
    }
}
