package io.jobkit.client.wire;

import io.jobkit.client.internal.Timestamps;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.datatype.jsr310.deser.InstantDeserializer;
import io.jobkit.client.internal.Timestamps;

import java.io.IOException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;

/**
 * Reads the envelope's instants ({@code enqueuedAt}, {@code notBefore}). The form jobkit writes — UTC, {@code Z},
 * zero to nine fraction digits — is read digit by digit; anything else (offsets, epoch numbers, leap seconds, bad
 * text) goes to Jackson's own {@link InstantDeserializer}, so what it accepts and how it words a refusal stay the
 * same. Jackson's general ISO parser was half of decoding an envelope in a worker's CPU profile
 * (docs/readme/workercpu.md).
 */
final class WireInstant extends StdScalarDeserializer<Instant> {
    WireInstant() {
        super(Instant.class);
    }

    @Override
    public Instant deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
        if (p.hasToken(JsonToken.VALUE_STRING)) {
            Instant fast = parse(p.getText());
            if (fast != null) return fast;
        }
        return InstantDeserializer.INSTANT.deserialize(p, ctxt);
    }

    /** {@code yyyy-MM-ddTHH:mm:ss[.f…]Z} with plausible fields, or null for anything else. */
    static Instant parse(String s) {
        int n = s.length();
        if (n < 20 || n > 30 || n == 21 || s.charAt(4) != '-' || s.charAt(7) != '-' || s.charAt(10) != 'T'
                || s.charAt(13) != ':' || s.charAt(16) != ':' || s.charAt(n - 1) != 'Z') {
            return null;
        }
        int year = Timestamps.digits(s, 0, 4), month = Timestamps.digits(s, 5, 2), day = Timestamps.digits(s, 8, 2);
        int hour = Timestamps.digits(s, 11, 2), minute = Timestamps.digits(s, 14, 2), second = Timestamps.digits(s, 17, 2);
        int nanos = 0;
        if (n > 20) { // a fraction: '.', then 1 to 9 digits before the 'Z'
            if (s.charAt(19) != '.') return null;
            int fraction = Timestamps.digits(s, 20, n - 21);
            if (fraction < 0) return null;
            nanos = fraction;
            for (int i = n - 21; i < 9; i++) nanos *= 10;
        } else if (s.charAt(19) != 'Z') {
            return null;
        }
        if (year < 0 || month < 1 || month > 12 || day < 1 || day > 31 || hour < 0 || hour > 23 || minute < 0
                || minute > 59 || second < 0 || second > 59) {
            return null;
        }
        try {
            long epochDay = LocalDate.of(year, month, day).toEpochDay();
            return Instant.ofEpochSecond(epochDay * 86_400 + hour * 3_600L + minute * 60L + second, nanos);
        } catch (DateTimeException e) {
            return null; // February 30 and the like: Jackson words the refusal
        }
    }
}
