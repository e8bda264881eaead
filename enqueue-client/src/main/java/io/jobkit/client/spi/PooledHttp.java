package io.jobkit.client.spi;

import io.jobkit.client.JobValidationException;
import software.amazon.awssdk.http.SdkHttpClient;

import java.time.Duration;

/**
 * The pooled Apache HTTP client, in a class of its own so that the Apache classes are loaded only when
 * {@code JOBKIT_HTTP_CLIENT=apache} asks for them: the Lambda bundle leaves them out.
 */
final class PooledHttp {
    private PooledHttp() {
    }

    static SdkHttpClient.Builder<?> builder(int maxConnections) {
        try {
            Class.forName("software.amazon.awssdk.http.apache.ApacheHttpClient", false, PooledHttp.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new JobValidationException("JOBKIT_HTTP_CLIENT=apache, but software.amazon.awssdk:apache-client is not"
                    + " on the classpath (the Lambda bundle leaves it out); use urlconnection or add the dependency");
        }
        return software.amazon.awssdk.http.apache.ApacheHttpClient.builder()
                .maxConnections(maxConnections)
                .connectionTimeout(Duration.ofSeconds(5))
                .socketTimeout(Duration.ofSeconds(30))
                .connectionAcquisitionTimeout(Duration.ofSeconds(10))
                // a pooled connection idle longer than this is not reused: load balancers and NATs drop idle flows
                .connectionMaxIdleTime(Duration.ofSeconds(50))
                .useIdleConnectionReaper(true);
    }
}
