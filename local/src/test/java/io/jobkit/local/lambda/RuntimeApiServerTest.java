package io.jobkit.local.lambda;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The local Runtime API driven by a plain HTTP client playing the runtime's part. */
class RuntimeApiServerTest {
    private final RuntimeApiServer api = RuntimeApiServer.start();
    private final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void stop() {
        api.close();
    }

    private URI uri(String path) {
        return URI.create("http://" + api.address() + "/2018-06-01/runtime/" + path);
    }

    private HttpResponse<String> post(String path, String body, String errorType) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.ofString(body));
        if (errorType != null) b.header("Lambda-Runtime-Function-Error-Type", errorType);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void next_deliversTheEventWithItsHeaders_andTheResponseCompletesTheInvocation() throws Exception {
        Instant deadline = Instant.now().plusSeconds(30);
        CompletableFuture<RuntimeApiServer.Answer> answer = api.submit("req-1",
                "{\"Records\":[]}".getBytes(StandardCharsets.UTF_8), deadline, "arn:aws:lambda:us-east-1:0:function:f");

        HttpResponse<String> next = http.send(HttpRequest.newBuilder(uri("invocation/next")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(api.initDone()).isDone();
        assertThat(next.statusCode()).isEqualTo(200);
        assertThat(next.body()).isEqualTo("{\"Records\":[]}");
        assertThat(next.headers().firstValue("Lambda-Runtime-Aws-Request-Id")).hasValue("req-1");
        assertThat(next.headers().firstValue("Lambda-Runtime-Deadline-Ms")).hasValue(Long.toString(deadline.toEpochMilli()));
        assertThat(next.headers().firstValue("Lambda-Runtime-Invoked-Function-Arn")).hasValue("arn:aws:lambda:us-east-1:0:function:f");
        assertThat(next.headers().firstValue("Lambda-Runtime-Trace-Id")).isPresent();

        assertThat(post("invocation/req-1/response", "{\"batchItemFailures\":[]}", null).statusCode()).isEqualTo(202);
        RuntimeApiServer.Answer a = answer.get(5, TimeUnit.SECONDS);
        assertThat(a).isInstanceOf(RuntimeApiServer.Answer.Response.class);
        assertThat(new String(((RuntimeApiServer.Answer.Response) a).body(), StandardCharsets.UTF_8))
                .isEqualTo("{\"batchItemFailures\":[]}");
    }

    @Test
    void anErrorPost_completesTheInvocationWithTheErrorType() throws Exception {
        CompletableFuture<RuntimeApiServer.Answer> answer = api.submit("req-2", new byte[0], Instant.now().plusSeconds(5), "arn");
        http.send(HttpRequest.newBuilder(uri("invocation/next")).build(), HttpResponse.BodyHandlers.discarding());

        post("invocation/req-2/error", "{\"errorMessage\":\"boom\",\"errorType\":\"java.lang.IllegalStateException\"}",
                "java.lang.IllegalStateException");

        RuntimeApiServer.Answer.Error error = (RuntimeApiServer.Answer.Error) answer.get(5, TimeUnit.SECONDS);
        assertThat(error.errorType()).isEqualTo("java.lang.IllegalStateException");
        assertThat(SqsEventJson.errorMessage(error.body())).isEqualTo("boom");
    }

    @Test
    void initError_isRecorded_andUnknownInvocationsAreRefused() throws Exception {
        assertThat(post("init/error", "{\"errorMessage\":\"no handler class\",\"errorType\":\"Runtime.ImportModuleError\"}", null)
                .statusCode()).isEqualTo(202);
        assertThat(api.initError().get(1, TimeUnit.SECONDS)).isEqualTo("no handler class");
        assertThat(post("invocation/nope/response", "{}", null).statusCode()).isEqualTo(400);
        assertThat(http.send(HttpRequest.newBuilder(uri("unknown")).build(), HttpResponse.BodyHandlers.discarding())
                .statusCode()).isEqualTo(404);
    }

    @Test
    void next_waitsForAnInvocation() throws Exception {
        CompletableFuture<HttpResponse<String>> next = http.sendAsync(HttpRequest.newBuilder(uri("invocation/next"))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        Thread.sleep(300);
        assertThat(next).isNotDone();
        api.submit("req-3", "{}".getBytes(StandardCharsets.UTF_8), Instant.now().plusSeconds(5), "arn");
        assertThat(next.get(5, TimeUnit.SECONDS).headers().firstValue("Lambda-Runtime-Aws-Request-Id")).hasValue("req-3");
    }
}
