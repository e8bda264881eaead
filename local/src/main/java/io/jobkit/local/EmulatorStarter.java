package io.jobkit.local;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Starts the emulators side by side and warms each with one request.
 *
 * <ol>
 *   <li>Each emulator starts on its own thread: a start is mostly class loading and JIT, so on a machine with a
 *       few cores the pair takes little more than the slower one.</li>
 *   <li>Each answers one request through a real SDK client before it counts as started. DynamoDB Local's first
 *       request initialises SQLite (about a second), and both warm the SDK, so provisioning afterwards is quick.</li>
 *   <li>Both are awaited before either failure is judged; if one failed, the other is closed and the first failure
 *       (in start order) is thrown, so nothing is left running unrecorded.</li>
 * </ol>
 */
final class EmulatorStarter {
    private static final Logger log = LoggerFactory.getLogger(EmulatorStarter.class);

    private final Region region;
    private final AwsCredentialsProvider credentials;

    EmulatorStarter(Region region, AwsCredentialsProvider credentials) {
        this.region = region;
        this.credentials = credentials;
    }

    /** The started emulators, all of them or none. */
    record Emulators(ElasticMqServer sqs, DynamoDbLocalServer dynamoDb) {
    }

    Emulators start(int sqsPort, int dynamoDbPort) {
        CompletableFuture<ElasticMqServer> sqs = inBackground("sqs", () -> startWarmedUp(
                () -> ElasticMqServer.start(sqsPort, region.id()),
                server -> AwsClients.sqs(server.endpoint(), region, credentials), SqsClient::listQueues));
        CompletableFuture<DynamoDbLocalServer> dynamoDb = inBackground("dynamodb", () -> startWarmedUp(
                () -> DynamoDbLocalServer.start(dynamoDbPort),
                server -> AwsClients.dynamoDb(server.endpoint(), region, credentials), DynamoDbClient::listTables));
        CompletableFuture.allOf(sqs, dynamoDb).exceptionally(e -> null).join();
        RuntimeException failure = firstFailure(sqs, dynamoDb);
        if (failure != null) {
            sqs.thenAccept(ElasticMqServer::close);
            dynamoDb.thenAccept(DynamoDbLocalServer::close);
            throw failure;
        }
        return new Emulators(sqs.join(), dynamoDb.join());
    }

    private static <T> CompletableFuture<T> inBackground(String name, Supplier<T> task) {
        return CompletableFuture.supplyAsync(task, runnable -> {
            Thread thread = new Thread(runnable, "jobkit-start-" + name);
            thread.setDaemon(true);
            thread.start();
        });
    }

    private <S extends LocalComponent, C extends AutoCloseable> S startWarmedUp(
            Supplier<S> starter, Function<S, C> client, Consumer<C> request) {
        long begin = System.nanoTime();
        S server = starter.get();
        long startMillis = millisSince(begin);
        try (C c = client.apply(server)) {
            request.accept(c);
        } catch (Exception e) {
            server.close();
            throw new IllegalStateException(server.name() + " started but did not answer: " + e, e);
        }
        log.info("{} listening on {} (started in {} ms, first request {} ms)", server.name(),
                String.join(", ", server.clientEnvironment().values()), startMillis, millisSince(begin) - startMillis);
        return server;
    }

    private static RuntimeException firstFailure(CompletableFuture<?>... starts) {
        for (CompletableFuture<?> start : starts) {
            try {
                start.join();
            } catch (CompletionException e) {
                return e.getCause() instanceof RuntimeException cause ? cause : e;
            }
        }
        return null;
    }

    private static long millisSince(long nanos) {
        return (System.nanoTime() - nanos) / 1_000_000;
    }
}
