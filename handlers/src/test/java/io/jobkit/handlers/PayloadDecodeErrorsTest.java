package io.jobkit.handlers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Payloads that do not decode into a handler's payload type: the error names the field and what it must be, says
 * how to fix it, and never repeats the value that was sent.
 */
class PayloadDecodeErrorsTest {
    enum Plan { FREE, PRO }

    record Item(String sku, int quantity) {
    }

    record Order(String customer, long cents, Plan plan, Instant due, byte[] receipt, List<Item> items, boolean gift) {
    }

    record Positive(long cents) {
        Positive {
            if (cents <= 0) throw new IllegalArgumentException("cents must be positive");
        }
    }

    private static final String FIX = "send a payload that matches the handler's payload type, or change that type";

    /** @param secret the sent value the message must not repeat, or null */
    record Case(String name, Class<?> type, String json, String secret, String... expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    static List<Case> cases() {
        return List.of(
                new Case("string for a long", Order.class, "{\"cents\":\"ssn-123-45\"}", "ssn-123-45", "field 'cents' must be a number (long)", FIX),
                new Case("unknown enum constant", Order.class, "{\"plan\":\"GOLD-secret\"}", "GOLD-secret", "field 'plan' must be one of FREE, PRO", FIX),
                new Case("not an ISO time", Order.class, "{\"due\":\"next-tuesday\"}", "next-tuesday", "field 'due' must be an ISO-8601 time", FIX),
                new Case("bad base64", Order.class, "{\"receipt\":\"%%%token%%%\"}", "token", "field 'receipt' must be valid base64 text", FIX),
                new Case("object for a string", Order.class, "{\"customer\":{\"email\":\"a@b.c\"}}", "a@b.c", "field 'customer' must be a string", FIX),
                new Case("word for a boolean", Order.class, "{\"gift\":\"perhaps\"}", "perhaps", "field 'gift' must be true or false", FIX),
                new Case("nested field", Order.class, "{\"items\":[{\"sku\":\"a\"},{\"quantity\":\"lots\"}]}", "lots", "field 'items[1].quantity' must be a number (int)", FIX),
                new Case("object for a list", Order.class, "{\"items\":{}}", null, "field 'items' must be an array", FIX),
                new Case("array for a record", Order.class, "[1,2]", null, "the payload must be a JSON object of the form Order", FIX),
                new Case("string for a map", Map.class, "\"private note\"", "private note", "the payload must be a JSON object", FIX),
                new Case("refused by the constructor", Positive.class, "{\"cents\":-5}", null, "the payload was refused by Positive",
                        "cents must be positive"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void aPayloadOfTheWrongShape_namesTheFieldAndTheFix_withoutItsValue(Case c) throws Exception {
        ObjectMapper mapper = JobHandlers.builder().build().mapper();
        JsonNode payload = mapper.readTree(c.json());
        JobHandlers.Registration<?, ?> registration = new JobHandlers.Registration<>("t",
                mapper.getTypeFactory().constructType(c.type()), (p, ctx) -> null);
        var thrown = assertThatThrownBy(() -> registration.decode(mapper, payload))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContainingAll(c.expected());
        if (c.secret() != null) thrown.message().doesNotContain(c.secret());
    }
}
