package io.jobkit.local;

/**
 * Starts a local cloud on free ports, closes it and returns from main. Run in a child JVM by
 * {@link LocalCloudMainIT}: the JVM exits on its own only if close left no non-daemon thread behind.
 */
public final class StartAndCloseMain {
    private StartAndCloseMain() {
    }

    public static void main(String[] args) {
        try (LocalCloud cloud = LocalCloud.builder().sqsPort(0).dynamoDbPort(0).schedulerPort(0).start()) {
            System.out.println("started " + cloud.sqsEndpoint() + " " + cloud.dynamoDbEndpoint());
        }
        System.out.println("closed");
    }
}
