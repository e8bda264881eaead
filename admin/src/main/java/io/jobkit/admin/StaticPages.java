package io.jobkit.admin;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The pages at {@code /}: the dashboard's files under {@code io/jobkit/admin/web/} on the classpath, and
 * {@code /webjars/**} from the WebJars on the classpath ({@code META-INF/resources/webjars/}, e.g. uPlot), so
 * nothing is fetched from a CDN. {@code index.html} carries the server's security note for the no-script case.
 * {@code /dashboard/jobs} (seed 000's address) redirects to {@code /}.
 */
final class StaticPages {
    private static final String ROOT = "io/jobkit/admin/web/";
    private static final String WEBJARS = "META-INF/resources/";
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
        // a WebJar keeps its version in the path, so its files may be cached for good; ours change with the build
        boolean webjar = name.startsWith("webjars/");
        try (InputStream in = StaticPages.class.getClassLoader().getResourceAsStream((webjar ? WEBJARS : ROOT) + name)) {
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
        ex.header("Cache-Control", webjar ? "public, max-age=31536000, immutable" : "no-cache");
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
