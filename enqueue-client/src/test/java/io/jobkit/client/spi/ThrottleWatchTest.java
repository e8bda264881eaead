package io.jobkit.client.spi;

import io.jobkit.client.testing.TestClock;
import io.jobkit.client.Throttles;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.metrics.CoreMetric;
import software.amazon.awssdk.metrics.MetricCollector;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

class ThrottleWatchTest {

    private static MetricCollector call(String service, String operation, String... attemptErrors) {
        MetricCollector call = MetricCollector.create("ApiCall");
        call.reportMetric(CoreMetric.SERVICE_ID, service);
        call.reportMetric(CoreMetric.OPERATION_NAME, operation);
        for (String error : attemptErrors) {
            MetricCollector attempt = call.createChild("ApiCallAttempt");
            if (error != null) attempt.reportMetric(CoreMetric.ERROR_TYPE, error);
        }
        return call;
    }

    @Test
    void throttledAttempts_areCountedPerOperation_evenWhenTheCallSucceededAfterRetrying() {
        Throttles throttles = new Throttles();
        ThrottleWatch watch = new ThrottleWatch(throttles, TestClock.startingNow(), Duration.ofSeconds(30), w -> { });

        watch.publish(call("DynamoDB", "UpdateItem", "Throttling", "Throttling", null).collect());
        watch.publish(call("SQS", "ReceiveMessage", "ServerError", null).collect());
        watch.publish(call("SQS", "SendMessage", (String) null).collect());

        assertThat(throttles.snapshot()).containsExactlyEntriesOf(java.util.Map.of("DynamoDB.UpdateItem", 2L));
        assertThat(throttles.total()).isEqualTo(2);
    }

    @Test
    void everyThrottle_isCounted_whileTheWarningIsRateLimitedPerOperation() {
        Throttles throttles = new Throttles();
        TestClock clock = TestClock.startingNow();
        List<String> warnings = new CopyOnWriteArrayList<>();
        ThrottleWatch watch = new ThrottleWatch(throttles, clock, Duration.ofSeconds(30), warnings::add);

        for (int i = 0; i < 50; i++) watch.publish(call("DynamoDB", "PutItem", "Throttling").collect());
        assertThat(warnings).hasSize(1);
        clock.advance(Duration.ofSeconds(31));
        watch.publish(call("DynamoDB", "PutItem", "Throttling").collect());
        watch.publish(call("SQS", "SendMessage", "Throttling").collect());

        assertThat(throttles.snapshot()).containsEntry("DynamoDB.PutItem", 51L).containsEntry("SQS.SendMessage", 1L);
        assertThat(warnings).hasSize(3);
        assertThat(warnings.get(1)).contains("DynamoDB.PutItem").contains("50 time(s)");
        assertThat(warnings.get(2)).contains("SQS.SendMessage");
    }
}
