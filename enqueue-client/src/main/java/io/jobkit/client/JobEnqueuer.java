package io.jobkit.client;

import java.util.List;
import java.util.function.Consumer;

/**
 * What a service needs to enqueue jobs: the seam between production code and its tests. {@link JobClient} implements
 * it against SQS and DynamoDB; the test kit's {@code FakeJobClient} records instead. Depend on this type in services
 * ({@code new SignupService(JobEnqueuer jobs)}) and hand them either one, so nothing changes for tests.
 *
 * <p>Operations beyond enqueueing (status, cancel, schedules, DLQs) stay on {@link JobClient}: they are operator work,
 * and a fake that pretended to do them would test nothing.
 */
public interface JobEnqueuer {

    /**
     * Enqueues one job and returns its id — or, when {@code options} carry a live dedup key or a job id that
     * exists, the id of that job (nothing is sent then).
     *
     * @param payload any Jackson-serialisable object, a {@code JsonNode}, or a JSON string
     * @throws JobValidationException the input is invalid; nothing was written or sent
     * @throws EnqueueException       the job could not be sent; it is safe to try again
     */
    String enqueue(String type, Object payload, JobOptions options);

    /** Enqueues with default options; returns the job id. */
    default String enqueue(String type, Object payload) {
        return enqueue(type, payload, JobOptions.defaults());
    }

    default String enqueue(String type, Object payload, Consumer<JobOptions.Builder> options) {
        return enqueue(type, payload, JobOptions.of(options));
    }

    /** Enqueues many jobs; one result per request, in order; a failed item never affects the others. */
    List<EnqueueResult> enqueueAll(List<EnqueueRequest> requests);
}
