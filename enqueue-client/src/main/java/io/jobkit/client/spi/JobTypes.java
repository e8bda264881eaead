package io.jobkit.client.spi;

import io.jobkit.client.internal.JobPreparer;

/** The rule for job type names, for runtimes that register handlers by type (the handler registry, the test kit). */
public final class JobTypes {
    private JobTypes() {
    }

    /**
     * Returns {@code type} when it is a valid job type name: starts with a letter; letters, digits, {@code . _ : -};
     * at most 128 characters.
     *
     * @throws io.jobkit.client.JobValidationException naming what is wrong
     */
    public static String validate(String type) {
        return JobPreparer.validateType(type);
    }
}
