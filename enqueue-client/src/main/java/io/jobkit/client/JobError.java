package io.jobkit.client;

/**
 * What went wrong in an attempt, as recorded on the job.
 *
 * @param type    the exception class or a jobkit reason code ({@code MalformedMessage}, {@code UnknownJobType}, ...)
 * @param message a sentence a person can act on
 * @param stack   a stack summary (the first frames of each cause), or null
 * @param attempt the attempt that failed, 0 when the job was rejected before any attempt
 */
public record JobError(String type, String message, String stack, int attempt) {
}
