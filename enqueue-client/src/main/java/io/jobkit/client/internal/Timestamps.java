package io.jobkit.client.internal;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Instants as stored in DynamoDB: fixed-width UTC ISO-8601 with milliseconds ({@code 2026-11-23T09:00:00.000Z}),
 * readable in the console and comparable as strings, which condition expressions such as
 * {@code leaseExpiresAt < :now} rely on.
 */
public final class Timestamps {
    private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    private Timestamps() {
    }

    public static String format(Instant instant) {
        return FORMAT.format(instant);
    }

    public static Instant parse(String text) {
        return text == null ? null : Instant.parse(text);
    }
}
