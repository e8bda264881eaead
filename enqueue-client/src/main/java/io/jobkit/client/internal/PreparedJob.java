package io.jobkit.client.internal;

import io.jobkit.client.spi.OutgoingMessage;

import io.jobkit.client.JobOptions;
import io.jobkit.client.store.NewJob;
import io.jobkit.client.wire.Envelope;

/**
 * A validated job: the record to write and the message to send, built from the same envelope, and the tracking
 * level it resolved to (its own, else its queue's).
 */
public record PreparedJob(NewJob record, OutgoingMessage message, Envelope envelope, JobOptions options,
                          io.jobkit.client.TrackingLevel tracking) {

    public PreparedJob(NewJob record, OutgoingMessage message, Envelope envelope, JobOptions options) {
        this(record, message, envelope, options, io.jobkit.client.TrackingLevel.FULL);
    }

    public String id() {
        return record.id();
    }
}
