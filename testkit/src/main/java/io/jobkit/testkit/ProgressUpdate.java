package io.jobkit.testkit;

/** One {@code progress(percent, message)} call a handler made. */
public record ProgressUpdate(int percent, String message) {
}
