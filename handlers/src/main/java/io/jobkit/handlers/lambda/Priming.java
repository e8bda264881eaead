package io.jobkit.handlers.lambda;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.fasterxml.jackson.core.JsonProcessingException;
import io.jobkit.client.topology.Topology;
import io.jobkit.client.wire.Envelope;
import io.jobkit.client.wire.EnvelopeCodec;
import io.jobkit.handlers.JobHandlers;

import java.util.List;
import java.util.Map;

/**
 * Work that loads the classes of the batch path without I/O: decode a sample envelope and its options, read a sample
 * SQS record, build a batch response, serialise a result with the handlers' mapper. Run before a SnapStart snapshot.
 */
final class Priming {
    private static final String SAMPLE = "{\"v\":1,\"id\":\"0190aaaa-0000-7000-8000-000000000000\",\"type\":\"prime\","
            + "\"payload\":{\"n\":1},\"options\":{\"maxAttempts\":3,\"timeoutSeconds\":60,"
            + "\"backoff\":{\"strategy\":\"exponential\",\"baseSeconds\":10,\"capSeconds\":3600,\"jitter\":0.2}},"
            + "\"enqueuedAt\":\"2026-01-01T00:00:00Z\"}";

    private Priming() {
    }

    static void run(JobHandlers handlers) {
        Envelope envelope = EnvelopeCodec.decode(SAMPLE);
        EnvelopeCodec.toOptions(envelope.options());
        SQSEvent.SQSMessage record = new SQSEvent.SQSMessage();
        record.setMessageId("prime");
        record.setReceiptHandle("prime");
        record.setBody(SAMPLE);
        record.setEventSourceArn("arn:aws:sqs:us-east-1:000000000000:jobkit-normal");
        record.setAttributes(Map.of("ApproximateReceiveCount", "1", "SentTimestamp", "0"));
        SqsRecords.Resolved resolved = new SqsRecords(Topology.defaults()).resolve(record);
        BatchRunner.lanes(List.of(resolved), SqsRecords.Resolved::orderingKey);
        new SQSBatchResponse(List.of(new SQSBatchResponse.BatchItemFailure("prime")));
        try {
            handlers.mapper().writeValueAsString(Map.of("primed", true));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
