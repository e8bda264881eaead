package io.jobkit.handlers.processor;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jobkit.client.wire.EnvelopeCodec;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class PayloadErrorsTest {
    record Card(String holder, int cvv, List<Integer> codes) {
    }

    // a handler's mapper may refuse unknown properties; the default one ignores them
    private static final ObjectMapper STRICT = EnvelopeCodec.mapper().copy()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private static String reasonFor(String json) throws Exception {
        JsonNode payload = STRICT.readTree(json);
        IllegalArgumentException e = catchThrowableOfType(IllegalArgumentException.class,
                () -> STRICT.convertValue(payload, Card.class));
        assertThat(e).as("the payload must not decode").isNotNull();
        return PayloadErrors.describe(e);
    }

    @Test
    void aValueOfTheWrongFormat_namesTheFieldAndType_butNotTheValue() throws Exception {
        String reason = reasonFor("{\"holder\":\"A\",\"cvv\":\"SECRET-4111\",\"codes\":[]}");
        assertThat(reason).contains("$.cvv").contains("int").doesNotContain("SECRET-4111");
    }

    @Test
    void aWrongValueInsideAList_keepsItsPosition() throws Exception {
        String reason = reasonFor("{\"holder\":\"A\",\"cvv\":1,\"codes\":[1,\"SECRET-xyz\"]}");
        assertThat(reason).contains("$.codes[1]").doesNotContain("SECRET-xyz");
    }

    @Test
    void anUnknownProperty_isNamed_withoutItsValue() throws Exception {
        String reason = reasonFor("{\"holder\":\"A\",\"cvv\":1,\"codes\":[],\"pin\":\"SECRET-1234\"}");
        assertThat(reason).contains("pin").doesNotContain("SECRET-1234");
    }
}
