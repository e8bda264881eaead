package io.jobkit.local;

import io.jobkit.client.JobkitException;

/**
 * A port the local cloud was asked to listen on cannot be had. The message names the port, the service and the
 * flag that moves it, e.g. {@code port 9324 (SQS) is already in use; choose another with --sqs-port or stop the
 * other process}.
 */
final class PortUnavailableException extends JobkitException {
    private static final long serialVersionUID = 1L;

    private PortUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    static PortUnavailableException inUse(LocalService service, int port, Throwable cause) {
        return new PortUnavailableException("port " + port + " (" + service.displayName() + ") is already in use;"
                + " choose another with " + service.portFlag() + " or stop the other process", cause);
    }

    static PortUnavailableException notPermitted(LocalService service, int port, Throwable cause) {
        return new PortUnavailableException("port " + port + " (" + service.displayName() + ") needs privileges"
                + " this process does not have; choose one above 1023 with " + service.portFlag(), cause);
    }
}
