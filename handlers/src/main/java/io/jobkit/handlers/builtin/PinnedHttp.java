package io.jobkit.handlers.builtin;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One HTTP/1.1 POST to an address chosen by the caller. {@link java.net.http.HttpClient} resolves the host again
 * when it connects, so a name that answered with a public address for the check could answer with 127.0.0.1 for
 * the connection (DNS rebinding). Here the socket goes to the address that was checked; TLS still verifies the
 * certificate against the URL's host name (SNI and endpoint identification), so pinning the address loses nothing.
 *
 * <p>Deliberately small: {@code Connection: close}, no redirects, no compression, a capped body (the handler keeps
 * an excerpt only), chunked or length-delimited responses.
 */
final class PinnedHttp {
    /** More than the excerpt needs; a larger answer is cut off rather than buffered. */
    static final int MAX_BODY = 64 * 1024;
    private static final int MAX_HEAD = 32 * 1024;

    /** What the receiver answered; header names lower-cased. */
    record Response(int status, Map<String, String> headers, String body) {
    }

    private final SSLSocketFactory tls;

    PinnedHttp(SSLSocketFactory tls) {
        this.tls = tls;
    }

    Response post(URI uri, InetAddress address, List<Map.Entry<String, String>> headers, byte[] body,
                  Duration connectTimeout, Duration timeout) throws IOException {
        boolean https = "https".equalsIgnoreCase(uri.getScheme());
        int port = uri.getPort() > 0 ? uri.getPort() : https ? 443 : 80;
        String host = uri.getHost();
        long deadline = System.nanoTime() + timeout.toNanos();
        Socket socket = new Socket();
        try {
            socket.connect(new InetSocketAddress(address, port), (int) Math.max(1, Math.min(connectTimeout.toMillis(), timeout.toMillis())));
            socket.setSoTimeout((int) Math.max(1, timeout.toMillis()));
            Socket s = socket;
            if (https) s = startTls(socket, host, port);
            OutputStream out = s.getOutputStream();
            out.write(head(uri, host, port, https, headers, body.length).getBytes(StandardCharsets.ISO_8859_1));
            out.write(body);
            out.flush();
            InputStream in = new BufferedInputStream(s.getInputStream());
            while (true) {
                Response r = read(in, deadline);
                if (r.status() >= 200 || r.status() == 101) return r;
                // 1xx interim answers (100 Continue): the final one follows
            }
        } finally {
            socket.close();
        }
    }

    private Socket startTls(Socket plain, String host, int port) throws IOException {
        SSLSocket ssl = (SSLSocket) tls.createSocket(plain, host, port, true);
        SSLParameters params = ssl.getSSLParameters();
        params.setEndpointIdentificationAlgorithm("HTTPS");
        if (!AddressPolicy.Cidr.isLiteral(host.replace("[", "").replace("]", ""))) {
            params.setServerNames(List.of(new SNIHostName(host)));
        }
        ssl.setSSLParameters(params);
        ssl.startHandshake();
        return ssl;
    }

    static String head(URI uri, String host, int port, boolean https, List<Map.Entry<String, String>> headers, int length) {
        String target = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        if (uri.getRawQuery() != null) target += "?" + uri.getRawQuery();
        boolean defaultPort = port == (https ? 443 : 80);
        StringBuilder h = new StringBuilder("POST ").append(target).append(" HTTP/1.1\r\n")
                .append("Host: ").append(host).append(defaultPort ? "" : ":" + port).append("\r\n");
        for (Map.Entry<String, String> e : headers) h.append(e.getKey()).append(": ").append(e.getValue()).append("\r\n");
        return h.append("Content-Length: ").append(length).append("\r\nConnection: close\r\n\r\n").toString();
    }

    private static Response read(InputStream in, long deadline) throws IOException {
        String statusLine = line(in, deadline);
        String[] parts = statusLine.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/")) throw new IOException("webhook receiver sent a malformed status line");
        int status;
        try {
            status = Integer.parseInt(parts[1]);
        } catch (NumberFormatException e) {
            throw new IOException("webhook receiver sent a malformed status code");
        }
        Map<String, String> headers = new LinkedHashMap<>();
        int headBytes = statusLine.length();
        for (String line = line(in, deadline); !line.isEmpty(); line = line(in, deadline)) {
            headBytes += line.length();
            if (headBytes > MAX_HEAD) throw new IOException("webhook receiver sent more than " + MAX_HEAD + " bytes of headers");
            int colon = line.indexOf(':');
            if (colon > 0) headers.merge(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim(), (a, b) -> a + ", " + b);
        }
        if (status < 200 || status == 204 || status == 304) return new Response(status, headers, "");
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        if (headers.getOrDefault("transfer-encoding", "").toLowerCase(Locale.ROOT).contains("chunked")) {
            while (body.size() < MAX_BODY) {
                String size = line(in, deadline);
                int semi = size.indexOf(';');
                int n;
                try {
                    n = Integer.parseInt((semi >= 0 ? size.substring(0, semi) : size).trim(), 16);
                } catch (NumberFormatException e) {
                    throw new IOException("webhook receiver sent a malformed chunk size");
                }
                if (n == 0) break;
                copy(in, body, n, deadline);
                line(in, deadline); // the CRLF after the chunk
            }
        } else if (headers.containsKey("content-length")) {
            long n;
            try {
                n = Long.parseLong(headers.get("content-length"));
            } catch (NumberFormatException e) {
                throw new IOException("webhook receiver sent a malformed Content-Length");
            }
            copy(in, body, n, deadline);
        } else {
            copy(in, body, Long.MAX_VALUE, deadline); // until the receiver closes
        }
        return new Response(status, headers, body.toString(StandardCharsets.UTF_8));
    }

    /** Up to {@code n} bytes, never more than {@link #MAX_BODY} kept; stops at end of stream. */
    private static void copy(InputStream in, ByteArrayOutputStream to, long n, long deadline) throws IOException {
        byte[] buffer = new byte[8192];
        long left = n;
        while (left > 0 && to.size() < MAX_BODY) {
            checkDeadline(deadline);
            int r = in.read(buffer, 0, (int) Math.min(buffer.length, Math.min(left, MAX_BODY - to.size())));
            if (r < 0) return;
            to.write(buffer, 0, r);
            left -= r;
        }
    }

    private static String line(InputStream in, long deadline) throws IOException {
        StringBuilder b = new StringBuilder();
        while (true) {
            int c = in.read();
            if (c < 0) {
                if (b.length() == 0) throw new IOException("webhook receiver closed the connection without an answer");
                return b.toString();
            }
            if (c == '\n') {
                int end = b.length();
                if (end > 0 && b.charAt(end - 1) == '\r') b.setLength(end - 1);
                return b.toString();
            }
            b.append((char) c);
            if (b.length() > MAX_HEAD) throw new IOException("webhook receiver sent a line longer than " + MAX_HEAD + " bytes");
            if ((b.length() & 0xff) == 0) checkDeadline(deadline);
        }
    }

    /** A receiver that trickles bytes must not hold the worker past the job's timeout. */
    private static void checkDeadline(long deadline) throws SocketTimeoutException {
        if (System.nanoTime() - deadline > 0) throw new SocketTimeoutException("webhook receiver did not answer in time");
    }
}
