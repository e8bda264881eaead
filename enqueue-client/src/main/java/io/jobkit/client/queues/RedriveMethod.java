package io.jobkit.client.queues;

/** How a DLQ redrive moves messages back to their queue. */
public enum RedriveMethod {
    /**
     * SQS {@code StartMessageMoveTask} where the endpoint supports it and the queue is a standard queue, else the
     * move loop. The default.
     */
    AUTO,
    /**
     * SQS {@code StartMessageMoveTask}, the API behind the AWS console's "Start DLQ redrive": SQS moves the messages
     * itself, and keeps going if the caller goes away. Standard queues only.
     */
    MOVE_TASK,
    /**
     * jobkit receives from the DLQ, sends each message to the queue, and deletes it from the DLQ only once the send
     * succeeded: an interruption can duplicate a message (the worker drops the second copy) but never lose one.
     * Works on every SQS endpoint and on FIFO queues.
     */
    MOVE_LOOP
}
