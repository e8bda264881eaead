package io.jobkit.handlers.builtin;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.jobkit.client.JobClient;
import io.jobkit.handlers.JobContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * HTTPS through the pinned connection: the socket goes to the checked address, and the certificate is still verified
 * against the URL's host name. A self-signed certificate for {@code receiver.test} (made with the JDK's keytool),
 * trusted by the handler under test only.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebhookTlsTest {
    private static final char[] PASSWORD = "changeit".toCharArray();
    private HttpsServer server;
    private SSLContext clientTls;
    private int port;

    @BeforeAll
    void startTlsReceiver(@TempDir Path dir) throws Exception {
        Path store = dir.resolve("receiver.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "receiver", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=receiver.test", "-ext", "SAN=dns:receiver.test", "-validity", "2",
                "-storetype", "PKCS12", "-keystore", store.toString(), "-storepass", new String(PASSWORD))
                .redirectErrorStream(true).start();
        String output = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(keytool.waitFor()).as(output).isZero();
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            keys.load(in, PASSWORD);
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, PASSWORD);
        SSLContext serverTls = SSLContext.getInstance("TLS");
        serverTls.init(kmf.getKeyManagers(), null, null);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(keys);
        clientTls = SSLContext.getInstance("TLS");
        clientTls.init(null, tmf.getTrustManagers(), null);

        server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(serverTls));
        server.createContext("/", ex -> {
            ex.getRequestBody().readAllBytes();
            byte[] answer = ("{\"host\":\"" + ex.getRequestHeaders().getFirst("Host") + "\"}").getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, answer.length);
            ex.getResponseBody().write(answer);
            ex.close();
        });
        server.start();
        port = server.getAddress().getPort();
    }

    @AfterAll
    void stop() {
        if (server != null) server.stop(0);
    }

    private WebhookHandler handler() {
        return new WebhookHandler(null, Duration.ofSeconds(2), Duration.ofSeconds(5), Clock.systemUTC(),
                AddressPolicy.parse("127.0.0.1/32"), host -> List.of(InetAddress.getByName("127.0.0.1")),
                clientTls.getSocketFactory());
    }

    private static WebhookRequest post(String url) {
        return new WebhookRequest(url, JsonNodeFactory.instance.objectNode().put("n", 1), Map.of());
    }

    @Test
    void https_toThePinnedAddress_verifiesTheCertificateForTheHostName() throws Exception {
        WebhookHandler.Delivery d = handler().handle(post("https://receiver.test:" + port + "/hook/s3cr3t"), context());
        assertThat(d.status()).isEqualTo(200);
        assertThat(d.responseExcerpt()).isEqualTo("{\"host\":\"receiver.test:" + port + "\"}");
    }

    @Test
    void https_toANameTheCertificateDoesNotCover_failsTheHandshake() {
        assertThatThrownBy(() -> handler().handle(post("https://impostor.test:" + port + "/hook/s3cr3t"), context()))
                .isInstanceOf(IOException.class)
                .hasMessageStartingWith("webhook to host impostor.test failed: SSLHandshakeException")
                .hasMessageNotContaining("s3cr3t");
    }

    private static JobContext context() {
        return new JobContext() {
            public String jobId() { return "job-tls"; }
            public String type() { return WebhookHandler.TYPE; }
            public int attempt() { return 1; }
            public int maxAttempts() { return 3; }
            public String queue() { return "normal"; }
            public Instant deadline() { return Instant.now().plusSeconds(30); }
            public Duration remaining() { return Duration.ofSeconds(30); }
            public void progress(int percent, String message) { }
            public void log(String format, Object... args) { }
            public boolean isCancelled() { return false; }
            public String cancelReason() { return null; }
            public JobClient client() { return null; }
        };
    }
}
