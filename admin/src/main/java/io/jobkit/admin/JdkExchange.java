package io.jobkit.admin;

import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Locale;

/** An {@link Exchange} of the JDK's HTTP server. */
final class JdkExchange implements Exchange {
    private final HttpExchange ex;

    JdkExchange(HttpExchange ex) {
        this.ex = ex;
    }

    @Override
    public String method() {
        return ex.getRequestMethod().toUpperCase(Locale.ROOT);
    }

    @Override
    public String path() {
        return ex.getRequestURI().getPath();
    }

    @Override
    public String rawQuery() {
        return ex.getRequestURI().getRawQuery();
    }

    @Override
    public String requestHeader(String name) {
        return ex.getRequestHeaders().getFirst(name);
    }

    @Override
    public java.util.List<String> requestHeaders(String name) {
        java.util.List<String> all = ex.getRequestHeaders().get(name);
        return all == null ? java.util.List.of() : all;
    }

    @Override
    public boolean tls() {
        return ex instanceof com.sun.net.httpserver.HttpsExchange;
    }

    @Override
    public int localPort() {
        return ex.getLocalAddress().getPort();
    }

    @Override
    public void addHeader(String name, String value) {
        ex.getResponseHeaders().add(name, value);
    }

    @Override
    public InputStream body() {
        return ex.getRequestBody();
    }

    @Override
    public void header(String name, String value) {
        ex.getResponseHeaders().set(name, value);
    }

    @Override
    public void respond(int status, byte[] body) throws IOException {
        if (body == null) {
            ex.sendResponseHeaders(status, -1);
            return;
        }
        ex.sendResponseHeaders(status, body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }
}
