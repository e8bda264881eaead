package io.jobkit.admin;

import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
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
        ex.getResponseHeaders().set("Content-Type", TYPES.getOrDefault(ext, "application/octet-stream"));
        ex.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        ex.getResponseHeaders().set("Cache-Control", webjar ? "public, max-age=31536000, immutable" : "no-cache");
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
