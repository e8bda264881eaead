package io.jobkit.local.chaos;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An HTTP/1.1 proxy on 127.0.0.1 in front of one emulator that, per request and at a configured rate, answers with a
 * fault instead of forwarding: the AWS JSON error shapes for 500/503/throttling, a TCP reset, a forwarded request
 * whose response is dropped (the write happened, the caller never learns it), or a hang past the SDK's socket
 * timeout. An outage switch makes every request fail with 503 until it is turned off. Processes point at it with
 * {@code AWS_ENDPOINT_URL_SQS}/{@code AWS_ENDPOINT_URL_DYNAMODB}, so the real SDK and its retries see the faults.
 *
 * <ol>
 *   <li>Accept a connection; one thread serves it request by request (keep-alive), with its own upstream socket.</li>
 *   <li>Read a whole request, then draw: outage → 503; else with probability {@code rate} one of the
 *       {@link FaultKind#RANDOM random kinds}, uniformly; else forward and relay the response.</li>
 *   <li>Count each fault by kind and every request seen, for the figures.</li>
 * </ol>
 * Draws come from one {@link Random} seeded by the caller: the sequence of draws is fixed, though which request
 * gets which draw depends on the order requests arrive in.
 */
public final class FaultProxy implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(FaultProxy.class);

    /** The wire dialect of the emulator behind the proxy, which decides the error bodies. */
    public enum Service { SQS, DYNAMODB }

    private final Service service;
    private final URI upstream;
    private final double rate;
    private final Duration hang;
    private final Random random;
    private final FaultKind forced;
    private final ServerSocket server;
    private final ExecutorService connections;
    private final AtomicBoolean outage = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Map<FaultKind, AtomicLong> faults = new EnumMap<>(FaultKind.class);
    private final AtomicLong requests = new AtomicLong();

    private FaultProxy(Service service, URI upstream, double rate, Duration hang, long seed, FaultKind forced)
            throws IOException {
        this.forced = forced;
        this.service = service;
        this.upstream = upstream;
        this.rate = rate;
        this.hang = hang;
        this.random = new Random(seed);
        for (FaultKind k : FaultKind.values()) faults.put(k, new AtomicLong());
        this.server = new ServerSocket();
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 256);
        this.connections = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "fault-proxy-" + service.name().toLowerCase());
            t.setDaemon(true);
            return t;
        });
        Thread acceptor = new Thread(this::acceptLoop, "fault-proxy-accept-" + service.name().toLowerCase());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /**
     * Starts a proxy on a free loopback port.
     *
     * @param rate the share of requests (0–1) that get a random fault
     * @param hang how long a {@link FaultKind#HANG} holds the request; make it longer than the clients' socket timeout
     */
    public static FaultProxy start(Service service, URI upstream, double rate, Duration hang, long seed) {
        if (rate < 0 || rate > 1) throw new IllegalArgumentException("fault rate " + rate + " is not between 0 and 1");
        try {
            return new FaultProxy(service, upstream, rate, hang, seed, null);
        } catch (IOException e) {
            throw new IllegalStateException("could not bind the fault proxy for " + service + ": " + e.getMessage(), e);
        }
    }

    /** A proxy that gives every request the fault {@code kind} (null: none), to see each kind on its own. */
    static FaultProxy always(Service service, URI upstream, FaultKind kind, Duration hang) throws IOException {
        return new FaultProxy(service, upstream, kind == null ? 0 : 1, hang, 0, kind);
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getLocalPort());
    }

    /** Turns the outage on (every request answered 503) or off. */
    public void outage(boolean on) {
        outage.set(on);
    }

    /** Faults injected so far, by kind (every kind present, zeros included). */
    public Map<FaultKind, Long> faults() {
        Map<FaultKind, Long> copy = new EnumMap<>(FaultKind.class);
        faults.forEach((k, v) -> copy.put(k, v.get()));
        return copy;
    }

    /** Requests seen so far, faulted or not. */
    public long requests() {
        return requests.get();
    }

    private void acceptLoop() {
        while (!closed.get()) {
            try {
                Socket client = server.accept();
                connections.execute(() -> serve(client));
            } catch (IOException e) {
                if (!closed.get()) log.warn("fault proxy {} stopped accepting: {}", service, e.toString());
                return;
            }
        }
    }

    private void serve(Socket client) {
        Socket up = null;
        InputStream upIn = null;
        try (client) {
            client.setTcpNoDelay(true);
            InputStream in = new BufferedInputStream(client.getInputStream());
            OutputStream out = client.getOutputStream();
            while (!closed.get()) {
                HttpMessage request = HttpMessage.readRequest(in);
                if (request == null) return;
                requests.incrementAndGet();
                FaultKind fault = draw();
                if (fault != null) faults.get(fault).incrementAndGet();
                if (fault == FaultKind.CONNECTION_RESET) {
                    reset(client);
                    return;
                }
                if (fault == FaultKind.HANG) {
                    Thread.sleep(hang.toMillis());
                    return;
                }
                if (fault != null && fault != FaultKind.RESPONSE_LOST) {
                    out.write(errorResponse(fault));
                    out.flush();
                    continue;
                }
                if (up == null || up.isClosed()) {
                    up = connect();
                    upIn = new BufferedInputStream(up.getInputStream());
                }
                HttpMessage response;
                try {
                    up.getOutputStream().write(request.raw());
                    up.getOutputStream().flush();
                    response = HttpMessage.readResponse(upIn);
                } catch (IOException e) {
                    // The emulator dropped the connection: say so the way a load balancer would.
                    closeQuietly(up);
                    up = null;
                    out.write(HttpMessage.jsonResponse(502, "Bad Gateway", "{\"message\":\"upstream: " + e + "\"}"));
                    out.flush();
                    continue;
                }
                if (response.closeAfter()) {
                    closeQuietly(up);
                    up = null;
                }
                if (fault == FaultKind.RESPONSE_LOST) {
                    reset(client);
                    return;
                }
                out.write(response.raw());
                out.flush();
                if (response.closeAfter() || request.closeAfter()) return;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // the client went away (its own timeout, a killed worker): nothing to do
        } finally {
            closeQuietly(up);
        }
    }

    private FaultKind draw() {
        if (outage.get()) return FaultKind.OUTAGE;
        synchronized (random) {
            if (random.nextDouble() >= rate) return null;
            if (forced != null) return forced;
            return FaultKind.RANDOM[random.nextInt(FaultKind.RANDOM.length)];
        }
    }

    private Socket connect() throws IOException {
        Socket s = new Socket();
        s.setTcpNoDelay(true);
        s.connect(new InetSocketAddress(upstream.getHost(), upstream.getPort()), 5000);
        return s;
    }

    /** The error a real endpoint returns, in the service's JSON protocol, so the SDK classifies it as it would on AWS. */
    private byte[] errorResponse(FaultKind fault) {
        return switch (service) {
            case DYNAMODB -> switch (fault) {
                case SERVER_ERROR_500 -> dynamo(500, "Internal Server Error", "InternalServerError");
                case THROTTLED -> dynamo(400, "Bad Request", "ProvisionedThroughputExceededException");
                default -> dynamo(503, "Service Unavailable", "ServiceUnavailable");
            };
            case SQS -> switch (fault) {
                case SERVER_ERROR_500 -> sqs(500, "Internal Server Error", "InternalError", "Receiver");
                case THROTTLED -> sqs(400, "Bad Request", "RequestThrottled", "Sender");
                default -> sqs(503, "Service Unavailable", "ServiceUnavailable", "Receiver");
            };
        };
    }

    private static byte[] dynamo(int status, String reason, String code) {
        return HttpMessage.jsonResponse(status, reason, "{\"__type\":\"com.amazonaws.dynamodb.v20120810#" + code
                + "\",\"message\":\"injected by the chaos fault proxy\"}");
    }

    private static byte[] sqs(int status, String reason, String code, String fault) {
        // SQS speaks JSON but stays query-compatible: the SDK takes the code from x-amzn-query-error.
        return HttpMessage.jsonResponse(status, reason, "{\"__type\":\"com.amazonaws.sqs#" + code
                + "\",\"message\":\"injected by the chaos fault proxy\"}", "x-amzn-query-error: " + code + ";" + fault);
    }

    private static void reset(Socket s) {
        try {
            s.setSoLinger(true, 0); // close with RST, not FIN
        } catch (SocketException ignored) {
            // already gone
        }
        closeQuietly(s);
    }

    private static void closeQuietly(Socket s) {
        if (s == null) return;
        try {
            s.close();
        } catch (IOException ignored) {
            // closing is best effort
        }
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) return;
        try {
            server.close();
        } catch (IOException ignored) {
            // best effort
        }
        connections.shutdownNow();
    }
}
