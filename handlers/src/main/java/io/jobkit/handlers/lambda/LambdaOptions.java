package io.jobkit.handlers.lambda;

import io.jobkit.client.Durations;
import io.jobkit.client.JobValidationException;
import io.jobkit.handlers.processor.ProcessorOptions;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * How the Lambda entrypoint runs a batch. Immutable; defaults documented on the builder, and readable from the
 * function's environment ({@link #fromEnvironment(Map)}).
 *
 * @param parallelism   records of one batch processed at once (FIFO records of one message group always run one
 *                      after the other, in order)
 * @param safetyMargin  how long before the function's own timeout every job is stopped: it covers the handler's
 *                      {@code cancelGrace} to stop plus the writes that record outcomes and return messages
 * @param processor     lease, heartbeat and cancel-grace settings of the shared JobProcessor
 */
public record LambdaOptions(int parallelism, Duration safetyMargin, ProcessorOptions processor) {
    public static final String PARALLELISM_ENV = "JOBKIT_LAMBDA_PARALLELISM";
    public static final String SAFETY_MARGIN_ENV = "JOBKIT_LAMBDA_SAFETY_MARGIN";
    public static final String CANCEL_GRACE_ENV = "JOBKIT_LAMBDA_CANCEL_GRACE";

    public LambdaOptions {
        Objects.requireNonNull(processor, "processor");
        Objects.requireNonNull(safetyMargin, "safetyMargin");
        if (parallelism < 1 || parallelism > 100) {
            throw new JobValidationException("Lambda parallelism " + parallelism + " is out of range; use 1 to 100"
                    + " (" + PARALLELISM_ENV + ")");
        }
        Duration least = processor.cancelGrace().plusSeconds(1);
        if (safetyMargin.compareTo(least) < 0 || safetyMargin.compareTo(Duration.ofMinutes(5)) > 0) {
            throw new JobValidationException("Lambda safety margin " + Durations.format(safetyMargin) + " is out of range;"
                    + " use at least the cancel grace (" + Durations.format(processor.cancelGrace()) + ") plus 1s, at"
                    + " most 5m (" + SAFETY_MARGIN_ENV + ")");
        }
    }

    /** Every default: see {@link Builder}. */
    public static LambdaOptions defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * The defaults, overridden by {@code JOBKIT_LAMBDA_PARALLELISM} (e.g. {@code 4}), {@code JOBKIT_LAMBDA_SAFETY_MARGIN}
     * and {@code JOBKIT_LAMBDA_CANCEL_GRACE} (durations such as {@code 5s}). A bad value fails the function's init
     * with a message naming the variable.
     */
    public static LambdaOptions fromEnvironment(Map<String, String> env) {
        Builder b = builder();
        String parallelism = env.get(PARALLELISM_ENV);
        if (parallelism != null && !parallelism.isBlank()) {
            try {
                b.parallelism(Integer.parseInt(parallelism.trim()));
            } catch (NumberFormatException e) {
                throw new JobValidationException(PARALLELISM_ENV + " '" + parallelism + "' is not a number; use e.g. 4");
            }
        }
        String margin = env.get(SAFETY_MARGIN_ENV);
        if (margin != null && !margin.isBlank()) b.safetyMargin(parse(SAFETY_MARGIN_ENV, margin));
        String grace = env.get(CANCEL_GRACE_ENV);
        if (grace != null && !grace.isBlank()) {
            Duration g = parse(CANCEL_GRACE_ENV, grace);
            b.processor(p -> p.cancelGrace(g));
        }
        return b.build();
    }

    public Builder toBuilder() {
        Builder b = new Builder().parallelism(parallelism).safetyMargin(safetyMargin);
        b.processor = processor.toBuilder();
        return b;
    }

    private static Duration parse(String name, String value) {
        try {
            return Durations.parse(value);
        } catch (JobValidationException e) {
            throw new JobValidationException(name + ": " + e.getMessage());
        }
    }

    public static final class Builder {
        private int parallelism = 4;
        private Duration safetyMargin = Duration.ofSeconds(5);
        private ProcessorOptions.Builder processor = ProcessorOptions.builder().cancelGrace(Duration.ofSeconds(2));

        private Builder() {
        }

        /**
         * Default 4: job handlers mostly wait on I/O (jobkit itself makes two or three DynamoDB writes per job), so
         * four records at once keep 1–2 vCPUs busy without thrashing. Use 1 for strictly one record at a time.
         */
        public Builder parallelism(int parallelism) {
            this.parallelism = parallelism;
            return this;
        }

        /** Default 5 s: 2 s of cancel grace for an interrupted handler, then 3 s to record and return messages. */
        public Builder safetyMargin(Duration safetyMargin) {
            this.safetyMargin = safetyMargin;
            return this;
        }

        /** Default: {@link ProcessorOptions}' defaults with a 2 s cancel grace (a Lambda's time is short). */
        public Builder processor(ProcessorOptions processor) {
            this.processor = processor.toBuilder();
            return this;
        }

        /** Adjusts the processor settings in place, e.g. {@code p -> p.leaseDuration(Duration.ofMinutes(1))}. */
        public Builder processor(Consumer<ProcessorOptions.Builder> customize) {
            customize.accept(processor);
            return this;
        }

        public LambdaOptions build() {
            return new LambdaOptions(parallelism, safetyMargin, processor.build());
        }
    }
}
