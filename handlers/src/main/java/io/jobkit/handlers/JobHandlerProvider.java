package io.jobkit.handlers;

/**
 * How an application hands its handlers to a runtime it does not construct itself (the Lambda function, {@code
 * jobkit worker}). Implement it with a public no-argument constructor and either name the class in
 * {@code JOBKIT_HANDLERS} or list it in {@code META-INF/services/io.jobkit.handlers.JobHandlerProvider}.
 */
public interface JobHandlerProvider {

    void register(JobHandlers.Builder handlers);
}
