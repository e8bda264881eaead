package io.jobkit.tests.lambda;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;

import static org.assertj.core.api.Assertions.assertThat;

/** The deployable bundle that {@code mvn package} leaves in handlers/target: within budget, and only what Lambda runs. */
class LambdaBundleIT {
    private static final Path BUNDLE = Path.of(System.getProperty("jobkit.lambda.bundle",
            "../handlers/target/jobkit-handlers-lambda.jar"));
    private static final long BUDGET_BYTES = 12_500_000L;

    @Test
    void bundle_staysWithinItsSizeBudget() throws IOException {
        assertThat(Files.size(BUNDLE)).as("README states a 12.5 MB budget").isLessThanOrEqualTo(BUDGET_BYTES);
    }

    @Test
    void bundle_holdsTheEntrypoint_andTheUrlConnectionClientOnly() throws IOException {
        try (JarFile jar = new JarFile(BUNDLE.toFile())) {
            List<String> names = jar.stream().map(ZipEntry::getName).toList();
            assertThat(names).contains("io/jobkit/handlers/lambda/JobLambdaHandler.class",
                    "com/amazonaws/services/lambda/runtime/events/SQSEvent.class",
                    "org/joda/time/DateTime.class", "org/crac/Core.class");
            assertThat(names).noneMatch(n -> n.startsWith("io/netty/") || n.startsWith("org/apache/http/")
                    || n.startsWith("software/amazon/awssdk/http/apache/") || n.startsWith("software/amazon/awssdk/http/nio/"));
            String httpServices = new String(jar.getInputStream(jar.getEntry(
                    "META-INF/services/software.amazon.awssdk.http.SdkHttpService")).readAllBytes(), StandardCharsets.UTF_8);
            assertThat(httpServices.lines().filter(l -> !l.isBlank() && !l.startsWith("#")))
                    .containsExactly("software.amazon.awssdk.http.urlconnection.UrlConnectionSdkHttpService");
            // left out on purpose (handlers/pom.xml): the SDK's async clients, the Streams model, most of commons-lang3
            assertThat(names).doesNotContain("software/amazon/awssdk/services/dynamodb/DefaultDynamoDbAsyncClient.class",
                    "software/amazon/awssdk/services/sqs/DefaultSqsAsyncClient.class",
                    "software/amazon/awssdk/services/scheduler/DefaultSchedulerAsyncClient.class",
                    "software/amazon/awssdk/services/dynamodb/model/GetRecordsRequest.class",
                    "org/apache/commons/lang3/reflect/FieldUtils.class");
            // ...while what the synchronous path and aws-embedded-metrics load stays
            assertThat(names).contains("software/amazon/awssdk/services/dynamodb/paginators/QueryIterable.class",
                    "software/amazon/awssdk/services/scheduler/paginators/ListSchedulesIterable.class",
                    "software/amazon/awssdk/services/dynamodb/waiters/DynamoDbWaiter.class",
                    "software/amazon/awssdk/services/dynamodb/model/StreamSpecification.class",
                    "org/apache/commons/lang3/StringUtils.class", "org/javatuples/Pair.class");
            assertThat(jar.getManifest().getMainAttributes().getValue("Multi-Release")).isEqualTo("true");
        }
    }
}
