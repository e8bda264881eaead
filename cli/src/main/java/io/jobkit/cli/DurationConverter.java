package io.jobkit.cli;

import io.jobkit.client.Durations;
import io.jobkit.client.JobValidationException;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

import java.time.Duration;

/** {@code 90s}, {@code 5m}, {@code 2h}, {@code 7d}, {@code 1h30m} or ISO-8601, as everywhere in jobkit. */
public final class DurationConverter implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
        try {
            return Durations.parse(value);
        } catch (JobValidationException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }
}
