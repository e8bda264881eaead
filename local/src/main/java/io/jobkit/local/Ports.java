package io.jobkit.local;

import io.jobkit.client.JobValidationException;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** Loopback ports: validation, an up-front availability check, and recognising a bind failure deep in a stack. */
final class Ports {
    /** Every emulator binds here only: the local cloud has no authentication, so it must not face the network. */
    static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    static final String LOOPBACK_HOST = LOOPBACK.getHostAddress();

    private Ports() {
    }

    static int validate(LocalService service, int port) {
        if (port < 0 || port > 65535) {
            throw new JobValidationException(service.displayName() + " port " + port
                    + " is out of range; use 1-65535, or 0 for any free port");
        }
        return port;
    }

    /**
     * Fails fast when {@code port} is taken, before a slow emulator start gets there. Port 0 (any free port) always
     * passes. A race with another process remains possible, so callers still map bind failures with
     * {@link #isBindFailure}.
     */
    static void requireFree(LocalService service, int port) {
        if (port == 0) return;
        try (ServerSocket probe = new ServerSocket()) {
            // SO_REUSEADDR, so that a port whose previous owner just closed (TIME_WAIT) does not count as taken:
            // the emulators' listening sockets set it too (Jetty explicitly, Pekko through the JDK's default).
            probe.setReuseAddress(true);
            probe.bind(new InetSocketAddress(LOOPBACK, port));
        } catch (IOException e) {
            throw unavailable(service, port, e);
        }
    }

    /** The exception for a failed bind of {@code port}: in use, or (below 1024) not permitted. */
    static PortUnavailableException unavailable(LocalService service, int port, Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            String message = t.getMessage();
            if (message != null && message.contains("Permission denied")) {
                return PortUnavailableException.notPermitted(service, port, failure);
            }
        }
        return PortUnavailableException.inUse(service, port, failure);
    }

    /** Whether {@code failure} (or any cause) is a failed bind; Pekko and Jetty wrap the BindException differently. */
    static boolean isBindFailure(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof BindException) return true;
            String message = t.getMessage();
            if (message != null && message.contains("Address already in use")) return true;
        }
        return false;
    }
}
