package io.jobkit.local.scheduler;

import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.SendMessageRequest;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Sends a firing to its SQS target: resolves the queue ARN to a URL with GetQueueUrl (by queue name, cached),
 * substitutes the context attributes in the target's Input and sends it as the message body. FIFO targets get
 * SqsParameters.MessageGroupId and the execution id as deduplication id (so a retried send cannot duplicate).
 */
final class SqsDelivery {
    static final String EXECUTION_ID = "<aws.scheduler.execution-id>";
    static final String SCHEDULED_TIME = "<aws.scheduler.scheduled-time>";
    static final String SCHEDULE_ARN = "<aws.scheduler.schedule-arn>";
    static final String ATTEMPT_NUMBER = "<aws.scheduler.attempt-number>";
    private static final Pattern SQS_ARN = Pattern.compile("arn:aws(?:-[a-z]+)?:sqs:[a-z0-9-]+:\\d{12}:([A-Za-z0-9_.-]+)");

    private final SqsClient sqs;
    private final Map<String, String> queueUrls = new ConcurrentHashMap<>();

    SqsDelivery(SqsClient sqs) {
        this.sqs = sqs;
    }

    /** One firing attempt of one schedule. */
    record Firing(ScheduleDefinition schedule, Instant scheduledTime, String executionId, int attempt) {
        Firing retry() {
            return new Firing(schedule, scheduledTime, executionId, attempt + 1);
        }
    }

    /** Thrown for targets this scheduler cannot invoke; never retried. */
    static final class UnsupportedTarget extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UnsupportedTarget(String message) {
            super(message);
        }
    }

    static boolean isSqsArn(String arn) {
        return arn != null && SQS_ARN.matcher(arn).matches();
    }

    void send(Firing firing) {
        ScheduleDefinition.Target target = firing.schedule().target();
        String queueName = queueName(target.arn());
        String body = substitute(target.input() == null ? "{}" : target.input(), firing);
        SendMessageRequest.Builder request = SendMessageRequest.builder().queueUrl(queueUrl(queueName)).messageBody(body);
        if (queueName.endsWith(".fifo")) {
            request.messageGroupId(target.messageGroupId()).messageDeduplicationId(firing.executionId());
        }
        try {
            sqs.sendMessage(request.build());
        } catch (RuntimeException e) {
            queueUrls.remove(queueName); // the queue may have been recreated elsewhere
            throw e;
        }
    }

    /**
     * Sends the input of a firing whose retries are exhausted to the dead-letter queue, with the failure described in
     * message attributes as EventBridge Scheduler's dead-letter events carry it.
     */
    void deadLetter(Firing firing, String dlqArn, String condition, Throwable error) {
        ScheduleDefinition.Target target = firing.schedule().target();
        Map<String, MessageAttributeValue> attributes = new LinkedHashMap<>();
        attribute(attributes, "ERROR_CODE", error.getClass().getSimpleName());
        attribute(attributes, "ERROR_MESSAGE", String.valueOf(error.getMessage()));
        attribute(attributes, "EXHAUSTED_RETRY_CONDITION", condition);
        attribute(attributes, "RETRY_ATTEMPTS", String.valueOf(firing.attempt() - 1));
        attribute(attributes, "SCHEDULE_ARN", firing.schedule().arn());
        attribute(attributes, "TARGET_ARN", target.arn());
        attribute(attributes, "EXECUTION_ID", firing.executionId());
        sqs.sendMessage(SendMessageRequest.builder()
                .queueUrl(queueUrl(queueName(dlqArn)))
                .messageBody(substitute(target.input() == null ? "{}" : target.input(), firing))
                .messageAttributes(attributes)
                .build());
    }

    private static void attribute(Map<String, MessageAttributeValue> attributes, String name, String value) {
        attributes.put(name, MessageAttributeValue.builder().dataType("String").stringValue(value).build());
    }

    static String substitute(String input, Firing firing) {
        return input.replace(EXECUTION_ID, firing.executionId())
                .replace(SCHEDULED_TIME, DateTimeFormatter.ISO_INSTANT.format(firing.scheduledTime()))
                .replace(SCHEDULE_ARN, firing.schedule().arn())
                .replace(ATTEMPT_NUMBER, String.valueOf(firing.attempt()));
    }

    private static String queueName(String arn) {
        Matcher m = arn == null ? null : SQS_ARN.matcher(arn);
        if (m == null || !m.matches()) {
            throw new UnsupportedTarget("target '" + arn + "' is not an SQS queue ARN"
                    + " (arn:aws:sqs:<region>:<account>:<queue>); the local scheduler fires SQS targets only");
        }
        return m.group(1);
    }

    private String queueUrl(String queueName) {
        return queueUrls.computeIfAbsent(queueName, n -> sqs.getQueueUrl(r -> r.queueName(n)).queueUrl());
    }
}
