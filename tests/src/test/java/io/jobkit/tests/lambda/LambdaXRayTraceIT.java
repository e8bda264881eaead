package io.jobkit.tests.lambda;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.jobkit.client.JobClient;
import io.jobkit.handlers.JobContext;
import io.jobkit.handlers.JobHandlers;
import io.jobkit.handlers.lambda.JobLambdaHandler;
import io.jobkit.handlers.lambda.LambdaOptions;
import io.jobkit.tests.support.LocalCloudExtension;
import io.jobkit.tests.support.TestCloud;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 12 point 5: a Lambda record's {@code AWSTraceHeader} system attribute (X-Ray) is honoured: a job enqueued
 * without a W3C traceparent runs in the sender's X-Ray trace.
 */
@ExtendWith(LocalCloudExtension.class)
class LambdaXRayTraceIT {

    @Test
    void aRecordsXRayHeader_isTheHandlersTrace_whenTheEnvelopeHasNone(TestCloud cloud) {
        JobClient client = cloud.client();
        AtomicReference<String> seen = new AtomicReference<>();
        JobHandlers handlers = JobHandlers.builder()
                .handler("traced", Map.class, (Map p, JobContext ctx) -> {
                    seen.set(ctx.traceparent());
                    return "ok";
                }).build();
        client.enqueue("traced", Map.of());
        SQSEvent batch = Batches.receive(cloud, "normal", 1, m -> m.messageId());
        Map<String, String> attributes = new HashMap<>(batch.getRecords().get(0).getAttributes());
        attributes.put("AWSTraceHeader", "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1");
        batch.getRecords().get(0).setAttributes(attributes);

        SQSBatchResponse response;
        try (JobLambdaHandler lambda = new JobLambdaHandler(client, handlers, LambdaOptions.defaults())) {
            response = lambda.handleRequest(batch, new TestLambdaContext(Duration.ofSeconds(60)));
        }

        assertThat(Batches.failures(response)).isEmpty();
        assertThat(seen.get()).isEqualTo("00-5759e988bd862e3fe1be46a994272793-53995c3f42cd8ad8-01");
    }
}
