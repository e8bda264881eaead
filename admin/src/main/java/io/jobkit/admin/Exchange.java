package io.jobkit.admin;

import java.io.IOException;
import java.io.InputStream;

/**
 * One HTTP request and its response, as the dispatcher sees it: served by the JDK's HTTP server ({@link JdkExchange})
 * or carried by an API Gateway HTTP API event to the Lambda entry point ({@link AdminLambdaHandler}).
 */
interface Exchange {
    /** Upper case, e.g. {@code GET}. */
    String method();

    /** The decoded path, e.g. {@code /api/admin/jobs/01J...}. */
    String path();

    /** The query string as sent (still URL-encoded), or null. */
    String rawQuery();

    /** A request header's first value (names are case-insensitive), or null. */
    String requestHeader(String name);

    /** Every value of a request header (e.g. several {@code Cookie} lines), empty when absent. */
    java.util.List<String> requestHeaders(String name);

    /** True when the connection itself is TLS (the JDK's HTTPS server); proxies say so in X-Forwarded-Proto. */
    boolean tls();

    /** The port the request arrived on, for same-origin checks in loopback mode. */
    int localPort();

    InputStream body();

    /** Sets a response header; call before {@link #respond}. */
    void header(String name, String value);

    /** Adds a response header value, keeping earlier ones of that name ({@code Set-Cookie}). */
    void addHeader(String name, String value);

    /** Sends the status and the body; {@code body} null sends none. Called once. */
    void respond(int status, byte[] body) throws IOException;
}
