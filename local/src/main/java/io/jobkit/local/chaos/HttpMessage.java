package io.jobkit.local.chaos;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * One HTTP/1.1 message read off a socket, kept as the raw bytes that were on the wire (so the proxy relays exactly
 * what it read) plus the few header facts it needs. Bodies are framed by Content-Length or chunked encoding; a
 * response without either is read to end of stream.
 */
record HttpMessage(byte[] raw, String startLine, String target, boolean closeAfter) {

    private static final int MAX_HEAD = 64 * 1024;

    /** Reads a request, or returns null when the peer closed the connection between requests. */
    static HttpMessage readRequest(InputStream in) throws IOException {
        return read(in, true);
    }

    static HttpMessage readResponse(InputStream in) throws IOException {
        HttpMessage m = read(in, false);
        if (m == null) throw new EOFException("upstream closed the connection before answering");
        return m;
    }

    private static HttpMessage read(InputStream in, boolean request) throws IOException {
        ByteArrayOutputStream raw = new ByteArrayOutputStream(1024);
        StringBuilder line = new StringBuilder();
        String startLine = null;
        long contentLength = -1;
        boolean chunked = false;
        boolean close = false;
        int b;
        while (true) {
            b = in.read();
            if (b < 0) {
                if (raw.size() == 0) return null;
                throw new EOFException("connection closed inside an HTTP head");
            }
            raw.write(b);
            if (raw.size() > MAX_HEAD) throw new IOException("HTTP head larger than " + MAX_HEAD + " bytes");
            if (b != '\n') {
                if (b != '\r') line.append((char) b);
                continue;
            }
            String text = line.toString();
            line.setLength(0);
            if (startLine == null) {
                startLine = text;
                continue;
            }
            if (text.isEmpty()) break;
            int colon = text.indexOf(':');
            if (colon < 0) continue;
            String name = text.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = text.substring(colon + 1).trim();
            switch (name) {
                case "content-length" -> contentLength = Long.parseLong(value);
                case "transfer-encoding" -> chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
                case "connection" -> close = value.equalsIgnoreCase("close");
                default -> { }
            }
        }
        if (chunked) {
            copyChunked(in, raw);
        } else if (contentLength >= 0) {
            copy(in, raw, contentLength);
        } else if (!request && !bodyless(startLine)) {
            in.transferTo(raw);
            close = true;
        }
        String[] parts = startLine.split(" ", 3);
        return new HttpMessage(raw.toByteArray(), startLine, parts.length > 1 ? parts[1] : "", close);
    }

    int status() {
        String[] parts = startLine.split(" ", 3);
        return parts.length > 1 ? Integer.parseInt(parts[1]) : 0;
    }

    private static boolean bodyless(String statusLine) {
        String[] parts = statusLine.split(" ", 3);
        if (parts.length < 2) return false;
        String code = parts[1];
        return code.startsWith("1") || code.equals("204") || code.equals("304");
    }

    private static void copy(InputStream in, ByteArrayOutputStream out, long n) throws IOException {
        byte[] buf = new byte[8192];
        long left = n;
        while (left > 0) {
            int r = in.read(buf, 0, (int) Math.min(buf.length, left));
            if (r < 0) throw new EOFException("connection closed inside an HTTP body");
            out.write(buf, 0, r);
            left -= r;
        }
    }

    private static void copyChunked(InputStream in, ByteArrayOutputStream out) throws IOException {
        while (true) {
            String sizeLine = readLine(in, out);
            int semi = sizeLine.indexOf(';');
            long size = Long.parseLong((semi < 0 ? sizeLine : sizeLine.substring(0, semi)).trim(), 16);
            if (size == 0) {
                while (!readLine(in, out).isEmpty()) {
                    // trailers, relayed as they are
                }
                return;
            }
            copy(in, out, size);
            readLine(in, out);
        }
    }

    private static String readLine(InputStream in, ByteArrayOutputStream out) throws IOException {
        StringBuilder s = new StringBuilder();
        int b;
        while ((b = in.read()) >= 0) {
            out.write(b);
            if (b == '\n') return s.toString();
            if (b != '\r') s.append((char) b);
        }
        throw new EOFException("connection closed inside a chunked body");
    }

    /** A complete response with a JSON body, as the AWS JSON protocols answer an error. */
    static byte[] jsonResponse(int status, String reason, String body, String... extraHeaders) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        StringBuilder head = new StringBuilder("HTTP/1.1 ").append(status).append(' ').append(reason).append("\r\n")
                .append("Content-Type: application/x-amz-json-1.0\r\n")
                .append("x-amzn-RequestId: chaos-").append(System.nanoTime()).append("\r\n")
                .append("Content-Length: ").append(bytes.length).append("\r\n");
        for (String h : extraHeaders) head.append(h).append("\r\n");
        head.append("\r\n");
        byte[] h = head.toString().getBytes(StandardCharsets.US_ASCII);
        byte[] all = new byte[h.length + bytes.length];
        System.arraycopy(h, 0, all, 0, h.length);
        System.arraycopy(bytes, 0, all, h.length, bytes.length);
        return all;
    }
}
