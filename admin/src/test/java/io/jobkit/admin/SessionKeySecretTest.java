package io.jobkit.admin;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The session key read from Secrets Manager ({@code JOBKIT_ADMIN_SESSION_KEY_SECRET}) with the real SDK client, over
 * HTTP, against a small stand-in of the service's JSON protocol (AWS_ENDPOINT_URL_SECRETS_MANAGER), as on Lambda.
 */
class SessionKeySecretTest {
    private static final String ARN = "arn:aws:secretsmanager:us-east-1:000000000000:secret:jobkit-admin-session-AbCdEf";
    private HttpServer server;
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private volatile String answer;
    private volatile int status = 200;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", ex -> {
            requests.add(ex.getRequestHeaders().getFirst("X-Amz-Target") + " "
                    + new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            byte[] body = answer.getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.1");
            ex.sendResponseHeaders(status, body.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private Map<String, String> env() {
        return Map.of(SessionKeySecret.VARIABLE, ARN, "AWS_REGION", "us-east-1", "AWS_ACCESS_KEY_ID", "local",
                "AWS_SECRET_ACCESS_KEY", "local",
                "AWS_ENDPOINT_URL_SECRETS_MANAGER", "http://127.0.0.1:" + server.getAddress().getPort());
    }

    @Test
    void theSecretsString_becomesTheSessionKey() {
        answer = "{\"ARN\":\"" + ARN + "\",\"Name\":\"jobkit-admin-session\",\"SecretString\":\"k3y-from-secrets-manager-0123456789abcdef\"}";

        Map<String, String> resolved = SessionKeySecret.resolve(env());

        assertThat(resolved).containsEntry(AdminServer.SESSION_KEY, "k3y-from-secrets-manager-0123456789abcdef");
        assertThat(requests).singleElement().satisfies(r -> assertThat(r)
                .startsWith("secretsmanager.GetSecretValue").contains("\"SecretId\":\"" + ARN + "\""));
    }

    @Test
    void aRefusedRead_namesTheVariableAndThePermission_andBothSourcesAtOnceAreRefused() {
        status = 400;
        answer = "{\"__type\":\"AccessDeniedException\",\"message\":\"not authorized to perform GetSecretValue\"}";
        assertThatThrownBy(() -> SessionKeySecret.resolve(env()))
                .hasMessageContaining(SessionKeySecret.VARIABLE).hasMessageContaining("secretsmanager:GetSecretValue");

        Map<String, String> both = new java.util.HashMap<>(env());
        both.put(AdminServer.SESSION_KEY, "x".repeat(40));
        assertThatThrownBy(() -> SessionKeySecret.resolve(both)).hasMessageContaining("keep one");
    }

    @Test
    void withoutTheVariable_nothingIsRead() {
        Map<String, String> plain = Map.of("AWS_REGION", "us-east-1");
        assertThat(SessionKeySecret.resolve(plain)).isSameAs(plain);
        assertThat(requests).isEmpty();
    }
}
