package io.jobkit.admin;

import java.io.IOException;
import java.io.InputStream;
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

    void serve(Exchange ex, String path) throws IOException {
        boolean head = ex.method().equals("HEAD");
        if (!ex.method().equals("GET") && !head) {
            ex.header("Allow", "GET, HEAD");
            Dispatcher.send(ex, 405, Dispatcher.error("METHOD_NOT_ALLOWED", "pages are read with GET"));
            return;
        }
        if (path.equals("/dashboard/jobs") || path.equals("/dashboard")) {
            ex.header("Location", "/");
            ex.respond(302, null);
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
        ex.header("Content-Type", TYPES.getOrDefault(ext, "application/octet-stream"));
        ex.header("X-Content-Type-Options", "nosniff");
        ex.header("Content-Security-Policy", "default-src 'self'; frame-ancestors 'none'");
        ex.respond(200, head ? null : bytes);
    }

    private static void notFound(Exchange ex) throws IOException {
        byte[] bytes = "<!doctype html><title>Not found</title><p>Not found. The console is at <a href=\"/\">/</a>."
                .getBytes(StandardCharsets.UTF_8);
        ex.header("Content-Type", "text/html; charset=utf-8");
        ex.respond(404, bytes);
    }
}
