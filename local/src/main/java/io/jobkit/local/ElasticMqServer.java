package io.jobkit.local;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.http.scaladsl.Http;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.concurrent.duration.FiniteDuration;
import scala.jdk.javaapi.FutureConverters;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * SQS, served by ElasticMQ embedded in this JVM.
 *
 * <ol>
 *   <li>Create our own Pekko actor system: ElasticMQ's bundled {@code application.conf} logs Pekko at DEBUG, and
 *       Pekko's own JVM shutdown hook would tear the system down on SIGTERM concurrently with our stop (the likely
 *       reason {@code stopAndWait()} from a shutdown hook was seen to hang). Owning the system lets us turn both
 *       off, stop it from one path and bound every wait.</li>
 *   <li>Bind the SQS REST server to 127.0.0.1; queue URLs then carry the address and real port clients use.</li>
 *   <li>Close: terminate the HTTP binding (in-flight long polls get a short grace), then the actor system, each
 *       with a bounded wait.</li>
 * </ol>
 */
final class ElasticMqServer implements LocalComponent {
    static final String ACCOUNT_ID = "000000000000";
    private static final Logger log = LoggerFactory.getLogger(ElasticMqServer.class);
    private static final Duration UNBIND_LIMIT = Duration.ofSeconds(3);
    private static final Duration TERMINATE_LIMIT = Duration.ofSeconds(5);
    private static final String PEKKO_OVERRIDES = String.join("\n",
            "pekko.loglevel = WARNING",
            "pekko.stdout-loglevel = WARNING",
            "pekko.coordinated-shutdown.run-by-jvm-shutdown-hook = off",
            "pekko.log-dead-letters = off");

    private final ActorSystem actorSystem;
    private final Http.ServerBinding binding;
    private final URI endpoint;
    private final AtomicBoolean closed = new AtomicBoolean();

    private ElasticMqServer(ActorSystem actorSystem, Http.ServerBinding binding) {
        this.actorSystem = actorSystem;
        this.binding = binding;
        this.endpoint = URI.create("http://" + Ports.LOOPBACK_HOST + ":" + binding.localAddress().getPort());
    }

    /** Starts on {@code port} (0 = any free port) and returns once it accepts connections. */
    static ElasticMqServer start(int port, String region) {
        Config config = ConfigFactory.parseString(PEKKO_OVERRIDES).withFallback(ConfigFactory.load());
        ActorSystem system = ActorSystem.create("jobkit-sqs", config);
        try {
            SQSRestServer server = SQSRestServerBuilder.withActorSystem(system)
                    .withInterface(Ports.LOOPBACK_HOST)
                    .withPort(port)
                    .withAWSRegion(region)
                    .withAWSAccountId(ACCOUNT_ID)
                    .start();
            return new ElasticMqServer(system, server.waitUntilStarted());
        } catch (Exception e) {  // Scala's Await rethrows checked exceptions too (a start timeout, say)
            system.terminate();
            BoundedWait.await(system.getWhenTerminated(), TERMINATE_LIMIT, "SQS actor system after failed start");
            if (Ports.isBindFailure(e)) throw Ports.unavailable(LocalService.SQS, port, e);
            throw new IllegalStateException("ElasticMQ failed to start: " + e, e);
        }
    }

    URI endpoint() {
        return endpoint;
    }

    @Override
    public String name() {
        return "SQS (ElasticMQ)";
    }

    @Override
    public Map<String, String> clientEnvironment() {
        return Map.of(LocalService.SQS.endpointVariable(), endpoint.toString());
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) return;
        FiniteDuration grace = FiniteDuration.create(1, TimeUnit.SECONDS);
        BoundedWait.await(FutureConverters.asJava(binding.terminate(grace)), UNBIND_LIMIT, "SQS unbind");
        actorSystem.terminate();
        BoundedWait.await(actorSystem.getWhenTerminated(), TERMINATE_LIMIT, "SQS actor system shutdown");
        log.debug("{} stopped", name());
    }
}
