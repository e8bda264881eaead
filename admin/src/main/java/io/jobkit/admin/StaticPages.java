package io.jobkit.admin;

import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The pages at {@code /}: files under {@code io/jobkit/admin/web/} on the classpath, where the dashboard will put its
 * assets. Until it lands, {@code index.html} is a placeholder that says what the server is and how it is secured.
 * {@code /dashboard/jobs} (seed 000's address) redirects to {@code /}.
 */
final class StaticPages {
    private static final String ROOT = "io/jobkit/admin/web/";
    private static final Map<String, String> TYPES = Map.of("html", "text/html; charset=utf-8", "css", "text/css",
            "js", "text/javascript", "svg", "image/svg+xml", "png", "image/png", "json", "application/json", "ico", "image/x-icon");

    private final String modeNote;

    StaticPages(String modeNote) {
        this.modeNote = modeNote;
    }

    void serve(HttpExchange ex, String path) throws IOException {
        if (!ex.getRequestMethod().equalsIgnoreCase("GET") && !ex.getRequestMethod().equalsIgnoreCase("HEAD")) {
            ex.getResponseHeaders().set("Allow", "GET, HEAD");
            Dispatcher.send(ex, 405, Dispatcher.error("METHOD_NOT_ALLOWED", "pages are read with GET"));
            return;
        }
        if (path.equals("/dashboard/jobs") || path.equals("/dashboard")) {
            ex.getResponseHeaders().set("Location", "/");
            ex.sendResponseHeaders(302, -1);
            return;
        }
        String name = path.equals("/") ? "index.html" : path.substring(1);
        if (name.contains("..") || name.contains("//") || name.startsWith("/")) {
            notFound(ex);
            return;
        }
        byte[] bytes;
        try (InputStream in = StaticPages.class.getClassLoader().getResourceAsStream(ROOT + name)) {
            if (in == null) {
                notFound(ex);
                return;
            }
            bytes = in.readAllBytes();
        }
        if (name.equals("index.html")) {
            bytes = new String(bytes, StandardCharsets.UTF_8).replace("{{mode}}", modeNote).getBytes(StandardCharsets.UTF_8);
        }
        String ext = name.substring(name.lastIndexOf('.') + 1);
        ex.getResponseHeaders().set("Content-Type", TYPES.getOrDefault(ext, "application/octet-stream"));
        ex.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        ex.getResponseHeaders().set("Content-Security-Policy", "default-src 'self'; frame-ancestors 'none'");
        ex.sendResponseHeaders(200, ex.getRequestMethod().equalsIgnoreCase("HEAD") ? -1 : bytes.length);
        if (!ex.getRequestMethod().equalsIgnoreCase("HEAD")) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    private static void notFound(HttpExchange ex) throws IOException {
        byte[] bytes = "<!doctype html><title>Not found</title><p>Not found. The console is at <a href=\"/\">/</a>."
                .getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
        ex.sendResponseHeaders(404, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }
}
