package io.jobkit.cli;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/** An ISO-8601 instant with its offset: {@code 2026-11-24T09:00:00Z} or {@code 2026-11-24T10:00:00+01:00}. */
public final class InstantConverter implements ITypeConverter<Instant> {
    @Override
    public Instant convert(String value) {
        try {
            return OffsetDateTime.parse(value.trim()).toInstant();
        } catch (DateTimeParseException e) {
            throw new TypeConversionException("'" + value + "' is not an ISO-8601 time with an offset; use e.g."
                    + " 2026-11-24T09:00:00Z or 2026-11-24T10:00:00+01:00");
        }
    }
}
