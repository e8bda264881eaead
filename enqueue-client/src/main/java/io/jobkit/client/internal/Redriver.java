package io.jobkit.client.internal;

import io.jobkit.client.spi.QueueDirectory;

import io.jobkit.client.JobValidationException;
import io.jobkit.client.JobkitException;
import io.jobkit.client.queues.RedriveMethod;
import io.jobkit.client.queues.RedriveOptions;
import io.jobkit.client.queues.RedriveProgress;
import io.jobkit.client.queues.RedriveResult;
import io.jobkit.client.topology.QueueDef;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.ListMessageMoveTasksResultEntry;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Moves a queue's dead letters back to the queue.
 *
 * <ol>
 *   <li>Pick the method: {@code StartMessageMoveTask} (what the AWS console's "Start DLQ redrive" calls) for standard
 *       queues, the {@link MoveLoop} for FIFO queues (SQS's move tasks do not support them) or when asked.</li>
 *   <li>Start the task with the queue — from the topology, never guessed from the message — as its destination, and
 *       the rate limit as {@code MaxNumberOfMessagesPerSecond}. If the endpoint does not implement the API (older
 *       emulators answer with an unknown-operation error), fall back to the loop. If a task is already running on
 *       this DLQ, watch that one instead of failing.</li>
 *   <li>Poll {@code ListMessageMoveTasks} until the task completes, fails or is cancelled, reporting progress; stop
 *       watching after the watch timeout (the task itself goes on in SQS).</li>
 * </ol>
 * The move task needs no guard against copies dead-lettered while it runs: SQS bounds a task to the messages in the
 * DLQ when it started. The move loop has to do that itself ({@link MoveLoop}: it skips them, and drops second copies
 * of one job and cycle).
 */
public final class Redriver {
    /** Error codes with which SQS-compatible endpoints say they do not implement an action. */
    private static final Set<String> UNSUPPORTED = Set.of("UnsupportedOperation", "UnsupportedOperationException",
            "InvalidAction", "UnknownOperationException", "UnknownOperation", "NotImplemented",
            "AWS.SimpleQueueService.UnsupportedOperation");
    private static final Set<String> ENDED = Set.of("COMPLETED", "CANCELLED", "FAILED");

    private final SqsClient sqs;
    private final QueueDirectory queues;
    private final QueueInspector inspector;
    private final Clock clock;

    public Redriver(SqsClient sqs, QueueDirectory queues, QueueInspector inspector) {
        this(sqs, queues, inspector, Clock.systemUTC());
    }

    /** {@code clock}: when the move loop began, compared with SQS's {@code SentTimestamp} (see {@link MoveLoop}). */
    public Redriver(SqsClient sqs, QueueDirectory queues, QueueInspector inspector, Clock clock) {
        this.sqs = sqs;
        this.queues = queues;
        this.inspector = inspector;
        this.clock = clock;
    }

    public RedriveResult redrive(QueueDef queue, RedriveOptions options) {
        boolean loop = options.method() == RedriveMethod.MOVE_LOOP || queue.fifo();
        if (queue.fifo() && options.method() == RedriveMethod.MOVE_TASK) {
            throw new JobValidationException("queue '" + queue.name() + "' is a FIFO queue, and SQS's"
                    + " message move tasks support standard queues only; use the move loop (method AUTO or MOVE_LOOP)");
        }
        if (!loop) {
            Optional<RedriveResult> viaTask = viaMoveTask(queue, options, options.method() == RedriveMethod.MOVE_TASK);
            if (viaTask.isPresent()) return viaTask.get();
        }
        return viaLoop(queue, options);
    }

    private RedriveResult viaLoop(QueueDef queue, RedriveOptions options) {
        String dlqUrl = queues.dlqUrl(queue);
        // taken before the count: a copy that reaches the DLQ from here on is not one the operator asked to move
        Instant startedAt = clock.instant();
        long total = inspector.depth(dlqUrl);
        MoveLoop.Outcome outcome = new MoveLoop(sqs, clock).move(dlqUrl, queues.url(queue), queue.fifo(), total,
                startedAt, options.maxPerSecond(), options.progress());
        String status = outcome.failureReason() == null ? "COMPLETED" : "FAILED";
        options.progress().accept(new RedriveProgress(RedriveMethod.MOVE_LOOP, status, outcome.moved(), total, outcome.elapsed()));
        return new RedriveResult(queue.name(), queues.topology().dlqSqsName(queue), queues.topology().sqsName(queue),
                RedriveMethod.MOVE_LOOP, status, outcome.moved(), total, null, outcome.failureReason(), outcome.elapsed(),
                outcome.skipped(), outcome.duplicatesDropped());
    }

    /**
     * The task's result, or empty when the endpoint does not implement move tasks and the loop must do it (unless
     * the task was {@code required}: then the endpoint's error is the answer).
     */
    private Optional<RedriveResult> viaMoveTask(QueueDef queue, RedriveOptions options, boolean required) {
        String dlqArn = queues.dlqArn(queue);
        long depth = inspector.depth(queues.dlqUrl(queue));
        String handle;
        try {
            handle = sqs.startMessageMoveTask(r -> r.sourceArn(dlqArn).destinationArn(queues.arn(queue))
                    .maxNumberOfMessagesPerSecond(options.maxPerSecond())).taskHandle();
        } catch (AwsServiceException e) {
            // SQS allows one running task per DLQ and answers a second start with an error: watch the running one
            Optional<ListMessageMoveTasksResultEntry> running = running(dlqArn);
            if (running.isPresent()) {
                handle = running.get().taskHandle();
            } else if (unknownAction(e) && !required) {
                return Optional.empty();
            } else {
                throw e;
            }
        }
        return Optional.of(watch(queue, dlqArn, handle, depth, options));
    }

    /** {@code depth}: the DLQ's count just before the start, for endpoints whose task reports no total. */
    private RedriveResult watch(QueueDef queue, String dlqArn, String handle, long depth, RedriveOptions options) {
        long start = System.nanoTime();
        long deadline = start + options.watchTimeout().toNanos();
        ListMessageMoveTasksResultEntry task = null;
        while (true) {
            Optional<ListMessageMoveTasksResultEntry> found = task(dlqArn, handle);
            if (found.isPresent()) task = found.get();
            Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
            if (task != null) {
                options.progress().accept(new RedriveProgress(RedriveMethod.MOVE_TASK, task.status(),
                        moved(task), total(task, depth), elapsed));
                if (ENDED.contains(task.status())) break;
            }
            if (System.nanoTime() > deadline) break;
            try {
                Thread.sleep(options.pollInterval().toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new JobkitException("interrupted while watching move task " + handle + "; the task goes on in SQS", e);
            }
        }
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
        String status = task == null ? "RUNNING" : task.status();
        return new RedriveResult(queue.name(), queues.topology().dlqSqsName(queue), queues.topology().sqsName(queue),
                RedriveMethod.MOVE_TASK, status, task == null ? 0 : moved(task), task == null ? depth : total(task, depth), handle,
                task == null ? null : task.failureReason(), elapsed);
    }

    private Optional<ListMessageMoveTasksResultEntry> task(String dlqArn, String handle) {
        List<ListMessageMoveTasksResultEntry> tasks = sqs.listMessageMoveTasks(r -> r.sourceArn(dlqArn).maxResults(10)).results();
        Optional<ListMessageMoveTasksResultEntry> exact = tasks.stream().filter(t -> handle.equals(t.taskHandle())).findFirst();
        // SQS returns a task handle only while the task runs; once it ended, the newest task is ours
        return exact.isPresent() ? exact : tasks.stream().findFirst();
    }

    private Optional<ListMessageMoveTasksResultEntry> running(String dlqArn) {
        try {
            return sqs.listMessageMoveTasks(r -> r.sourceArn(dlqArn).maxResults(10)).results().stream()
                    .filter(t -> "RUNNING".equals(t.status())).findFirst();
        } catch (AwsServiceException e) {
            return Optional.empty();
        }
    }

    private static boolean unknownAction(AwsServiceException e) {
        String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
        return (code != null && UNSUPPORTED.contains(code)) || e.statusCode() == 501;
    }

    private static long moved(ListMessageMoveTasksResultEntry t) {
        return t.approximateNumberOfMessagesMoved() == null ? 0 : t.approximateNumberOfMessagesMoved();
    }

    private static long total(ListMessageMoveTasksResultEntry t, long depth) {
        long toMove = t.approximateNumberOfMessagesToMove() == null ? 0 : t.approximateNumberOfMessagesToMove();
        return Math.max(Math.max(toMove, depth), moved(t));
    }
}
