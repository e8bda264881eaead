package io.jobkit.spring;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code jobkit.*} settings. Each one maps to the {@code JOBKIT_*} / {@code AWS_*} variable of the same meaning and,
 * when set, overrides it; anything unset falls back to the process environment and the AWS default chains, as
 * {@code JobClient.fromEnvironment()} does.
 */
@ConfigurationProperties(prefix = "jobkit")
public class JobkitProperties {
    /** Name prefix of queues, table and schedule group (JOBKIT_PREFIX); default "jobkit". */
    private String prefix;
    /** The jobs table (JOBKIT_TABLE); default "<prefix>-jobs". */
    private String table;
    /** The EventBridge Scheduler group (JOBKIT_SCHEDULE_GROUP); default the prefix. */
    private String scheduleGroup;
    /** Extra named queues, "name" or "name:fifo" (JOBKIT_QUEUES). */
    private List<String> queues = new ArrayList<>();
    /** Routes of job types to queues, "pattern=queue", e.g. "report.*=reports" (JOBKIT_ROUTES). */
    private List<String> routes = new ArrayList<>();
    /** Role EventBridge Scheduler assumes to send delayed jobs (JOBKIT_SCHEDULER_ROLE_ARN). */
    private String schedulerRoleArn;
    /** How long finished jobs are kept (JOBKIT_RETENTION); default 7 days. */
    private Duration retention;
    /** Message size limit in bytes (JOBKIT_MAX_MESSAGE_BYTES); default 262144. */
    private Integer maxMessageBytes;
    /**
     * Status-index shards new jobs are written to (JOBKIT_STATUS_SHARDS), 1-256; default 8. Raise only; every
     * process writing or listing this table must use the same value.
     */
    private Integer statusShards;
    /** Status-index shards a listing reads (JOBKIT_STATUS_LISTING_SHARDS); default the shard count, never fewer. */
    private Integer statusListingShards;
    private final Aws aws = new Aws();
    private final Worker worker = new Worker();
    private final Health health = new Health();

    /** The environment-variable view of these settings, for JobClient.fromEnvironment. */
    Map<String, String> toEnvironment(Map<String, String> processEnv) {
        Map<String, String> env = new LinkedHashMap<>(processEnv);
        put(env, "JOBKIT_PREFIX", prefix);
        put(env, "JOBKIT_TABLE", table);
        put(env, "JOBKIT_SCHEDULE_GROUP", scheduleGroup);
        if (!queues.isEmpty()) env.put("JOBKIT_QUEUES", String.join(",", queues));
        if (!routes.isEmpty()) env.put("JOBKIT_ROUTES", String.join(",", routes));
        put(env, "JOBKIT_SCHEDULER_ROLE_ARN", schedulerRoleArn);
        if (retention != null) env.put("JOBKIT_RETENTION", retention.toSeconds() + "s");
        if (maxMessageBytes != null) env.put("JOBKIT_MAX_MESSAGE_BYTES", maxMessageBytes.toString());
        if (statusShards != null) env.put("JOBKIT_STATUS_SHARDS", statusShards.toString());
        if (statusListingShards != null) env.put("JOBKIT_STATUS_LISTING_SHARDS", statusListingShards.toString());
        put(env, "AWS_REGION", aws.region);
        put(env, "AWS_ENDPOINT_URL", aws.endpoint);
        put(env, "AWS_ENDPOINT_URL_SQS", aws.sqsEndpoint);
        put(env, "AWS_ENDPOINT_URL_DYNAMODB", aws.dynamodbEndpoint);
        put(env, "AWS_ENDPOINT_URL_SCHEDULER", aws.schedulerEndpoint);
        put(env, "AWS_ACCESS_KEY_ID", aws.accessKeyId);
        put(env, "AWS_SECRET_ACCESS_KEY", aws.secretAccessKey);
        return env;
    }

    private static void put(Map<String, String> env, String key, String value) {
        if (value != null && !value.isBlank()) env.put(key, value.trim());
    }

    public static class Aws {
        /** AWS region (AWS_REGION); default the SDK's region chain. */
        private String region;
        /** Endpoint for all services (AWS_ENDPOINT_URL), e.g. a local cloud. */
        private String endpoint;
        /** SQS endpoint (AWS_ENDPOINT_URL_SQS). */
        private String sqsEndpoint;
        /** DynamoDB endpoint (AWS_ENDPOINT_URL_DYNAMODB). */
        private String dynamodbEndpoint;
        /** EventBridge Scheduler endpoint (AWS_ENDPOINT_URL_SCHEDULER). */
        private String schedulerEndpoint;
        /** Static access key, for local clouds only; default the SDK's credentials chain. */
        private String accessKeyId;
        /** Static secret key, for local clouds only. */
        private String secretAccessKey;

        public String getRegion() { return region; }
        public void setRegion(String region) { this.region = region; }
        public String getEndpoint() { return endpoint; }
        public void setEndpoint(String endpoint) { this.endpoint = endpoint; }
        public String getSqsEndpoint() { return sqsEndpoint; }
        public void setSqsEndpoint(String sqsEndpoint) { this.sqsEndpoint = sqsEndpoint; }
        public String getDynamodbEndpoint() { return dynamodbEndpoint; }
        public void setDynamodbEndpoint(String dynamodbEndpoint) { this.dynamodbEndpoint = dynamodbEndpoint; }
        public String getSchedulerEndpoint() { return schedulerEndpoint; }
        public void setSchedulerEndpoint(String schedulerEndpoint) { this.schedulerEndpoint = schedulerEndpoint; }
        public String getAccessKeyId() { return accessKeyId; }
        public void setAccessKeyId(String accessKeyId) { this.accessKeyId = accessKeyId; }
        public String getSecretAccessKey() { return secretAccessKey; }
        public void setSecretAccessKey(String secretAccessKey) { this.secretAccessKey = secretAccessKey; }
    }

    public static class Worker {
        /** Run a worker in this application while it is up (needs at least one handler bean). */
        private boolean enabled = true;
        /** Queues the worker polls; default all queues of the topology. */
        private List<String> queues = new ArrayList<>();
        /** Jobs run at once. */
        private int concurrency = 8;
        /** SQS long-poll wait, 0-20 s. */
        private Duration pollWait = Duration.ofSeconds(20);
        /** How long running jobs may finish when the application stops, before they are released. */
        private Duration shutdownTimeout = Duration.ofSeconds(30);

        public boolean isEnabled() { return enabled; }
        public void setEnabled(boolean enabled) { this.enabled = enabled; }
        public List<String> getQueues() { return queues; }
        public void setQueues(List<String> queues) { this.queues = queues; }
        public int getConcurrency() { return concurrency; }
        public void setConcurrency(int concurrency) { this.concurrency = concurrency; }
        public Duration getPollWait() { return pollWait; }
        public void setPollWait(Duration pollWait) { this.pollWait = pollWait; }
        public Duration getShutdownTimeout() { return shutdownTimeout; }
        public void setShutdownTimeout(Duration shutdownTimeout) { this.shutdownTimeout = shutdownTimeout; }
    }

    public static class Health {
        /** Report DOWN when a queue holds more visible messages than this; -1 disables. */
        private long maxQueueDepth = -1;
        /** Report DOWN when a DLQ holds more messages than this; -1 disables. */
        private long maxDlqDepth = -1;

        public long getMaxQueueDepth() { return maxQueueDepth; }
        public void setMaxQueueDepth(long maxQueueDepth) { this.maxQueueDepth = maxQueueDepth; }
        public long getMaxDlqDepth() { return maxDlqDepth; }
        public void setMaxDlqDepth(long maxDlqDepth) { this.maxDlqDepth = maxDlqDepth; }
    }

    public String getPrefix() { return prefix; }
    public void setPrefix(String prefix) { this.prefix = prefix; }
    public String getTable() { return table; }
    public void setTable(String table) { this.table = table; }
    public String getScheduleGroup() { return scheduleGroup; }
    public void setScheduleGroup(String scheduleGroup) { this.scheduleGroup = scheduleGroup; }
    public List<String> getQueues() { return queues; }
    public void setQueues(List<String> queues) { this.queues = queues; }
    public List<String> getRoutes() { return routes; }
    public void setRoutes(List<String> routes) { this.routes = routes; }
    public String getSchedulerRoleArn() { return schedulerRoleArn; }
    public void setSchedulerRoleArn(String schedulerRoleArn) { this.schedulerRoleArn = schedulerRoleArn; }
    public Duration getRetention() { return retention; }
    public void setRetention(Duration retention) { this.retention = retention; }
    public Integer getMaxMessageBytes() { return maxMessageBytes; }
    public void setMaxMessageBytes(Integer maxMessageBytes) { this.maxMessageBytes = maxMessageBytes; }
    public Integer getStatusShards() { return statusShards; }
    public void setStatusShards(Integer statusShards) { this.statusShards = statusShards; }
    public Integer getStatusListingShards() { return statusListingShards; }
    public void setStatusListingShards(Integer statusListingShards) { this.statusListingShards = statusListingShards; }
    public Aws getAws() { return aws; }
    public Worker getWorker() { return worker; }
    public Health getHealth() { return health; }
}
