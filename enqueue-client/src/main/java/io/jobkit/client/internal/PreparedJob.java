package io.jobkit.client.internal;

import io.jobkit.client.spi.OutgoingMessage;

import io.jobkit.client.JobOptions;
import io.jobkit.client.store.NewJob;
import io.jobkit.client.wire.Envelope;

/** A validated job: the record to write and the message to send, built from the same envelope. */
public record PreparedJob(NewJob record, OutgoingMessage message, Envelope envelope, JobOptions options) {

    public String id() {
        return record.id();
    }
}
