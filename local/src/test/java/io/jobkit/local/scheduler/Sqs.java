package io.jobkit.local.scheduler;

import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.scheduler.SchedulerClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Test fixture: ElasticMQ on a free loopback port, and SDK clients for it and for a scheduler endpoint. */
final class Sqs implements AutoCloseable {
    static final StaticCredentialsProvider CREDENTIALS =
            StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"));

    private final SQSRestServer server;
    final URI endpoint;
    final SqsClient client;

    Sqs() {
        server = SQSRestServerBuilder.withInterface("127.0.0.1").withDynamicPort().start();
        endpoint = URI.create("http://127.0.0.1:" + server.waitUntilStarted().localAddress().getPort());
        client = SqsClient.builder().endpointOverride(endpoint).region(Region.US_EAST_1).credentialsProvider(CREDENTIALS)
                .httpClient(UrlConnectionHttpClient.builder().build()).build();
    }

    static SchedulerClient scheduler(URI endpoint) {
        return SchedulerClient.builder().endpointOverride(endpoint).region(Region.US_EAST_1).credentialsProvider(CREDENTIALS)
                .httpClient(UrlConnectionHttpClient.builder().build()).build();
    }

    /** Creates the queue; returns its URL. */
    String queue(String name) {
        return client.createQueue(r -> r.queueName(name).attributes(name.endsWith(".fifo")
                ? Map.of(QueueAttributeName.FIFO_QUEUE, "true") : Map.of())).queueUrl();
    }

    static String arn(String queueName) {
        return "arn:aws:sqs:us-east-1:000000000000:" + queueName;
    }

    /** Receives and deletes everything currently in the queue. */
    List<Message> drain(String queueUrl) {
        List<Message> out = new ArrayList<>();
        while (true) {
            List<Message> batch = client.receiveMessage(r -> r.queueUrl(queueUrl).maxNumberOfMessages(10).waitTimeSeconds(0)
                    .messageSystemAttributeNames(MessageSystemAttributeName.MESSAGE_GROUP_ID)
                    .messageAttributeNames("All")).messages();
            if (batch.isEmpty()) return out;
            for (Message m : batch) {
                out.add(m);
                client.deleteMessage(r -> r.queueUrl(queueUrl).receiptHandle(m.receiptHandle()));
            }
        }
    }

    @Override
    public void close() {
        client.close();
        server.stopAndWait();
    }
}
