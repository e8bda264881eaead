package io.jobkit.handlers.processor;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.jobkit.client.wire.Envelope;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class XRayTraceTest {
    private static final String HEADER = "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1";

    @Test
    void anXRayHeader_becomesTheW3CTraceparentOfTheSameTrace() {
        assertThat(XRayTrace.toTraceparent(HEADER)).isEqualTo("00-5759e988bd862e3fe1be46a994272793-53995c3f42cd8ad8-01");
        assertThat(XRayTrace.toTraceparent("Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=0"))
                .endsWith("-00");
    }

    @Test
    void aMissingOrMalformedHeader_givesNoParent() {
        assertThat(XRayTrace.toTraceparent(null)).isNull();
        assertThat(XRayTrace.toTraceparent("Root=1-5759e988-bd862e3fe1be46a994272793")).as("no parent").isNull();
        assertThat(XRayTrace.toTraceparent("Root=2-zz;Parent=53995c3f42cd8ad8")).isNull();
    }

    @Test
    void theEnvelopesOwnTraceparentWins_andOnlyAnEnvelopeWithoutOneAdoptsTheXRayTrace() {
        Envelope bare = new Envelope(1, "j1", "t", JsonNodeFactory.instance.objectNode(), null, Instant.EPOCH, null, null);
        assertThat(XRayTrace.adopt(bare, HEADER).context().traceparent())
                .isEqualTo("00-5759e988bd862e3fe1be46a994272793-53995c3f42cd8ad8-01");
        String own = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
        Envelope traced = new Envelope(1, "j1", "t", JsonNodeFactory.instance.objectNode(), null, Instant.EPOCH, null,
                new Envelope.Context(null, null, null, null).withTrace(own, null));
        assertThat(XRayTrace.adopt(traced, HEADER).context().traceparent()).isEqualTo(own);
        assertThat(XRayTrace.adopt(bare, null)).isSameAs(bare);
    }
}
