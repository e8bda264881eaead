package io.jobkit.handlers.health;

import java.net.HttpURLConnection;
import java.net.URI;

/**
 * A container health-check command with nothing but the JRE: {@code java -cp jobkit-cli.jar
 * io.jobkit.handlers.health.Probe http://127.0.0.1:8081/readyz} exits 0 on HTTP 200 and 1 otherwise (the worker image
 * has no curl). The ECS task's health check runs it.
 */
public final class Probe {
    private Probe() {
    }

    public static void main(String[] args) {
        String url = args.length > 0 ? args[0] : "http://127.0.0.1:8081/readyz";
        try {
            HttpURLConnection c = (HttpURLConnection) URI.create(url).toURL().openConnection();
            c.setConnectTimeout(2000);
            c.setReadTimeout(3000);
            int status = c.getResponseCode();
            System.exit(status == 200 ? 0 : 1);
        } catch (Exception e) {
            System.err.println("health probe of " + url + " failed: " + e);
            System.exit(1);
        }
    }
}
