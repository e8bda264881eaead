package io.jobkit.client.topology;

import io.jobkit.client.JobValidationException;
import io.jobkit.client.Priority;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TopologyTest {

    @Test
    void defaults_haveTheFourPriorityQueues_andPrefixedNames() {
        Topology t = Topology.defaults();
        assertThat(t.queues()).extracting(QueueDef::name).containsExactly("critical", "high", "normal", "low");
        assertThat(t.sqsName(t.queue("normal"))).isEqualTo("jobkit-normal");
        assertThat(t.dlqSqsName(t.queue("normal"))).isEqualTo("jobkit-normal-dlq");
        assertThat(t.tableName()).isEqualTo("jobkit-jobs");
        assertThat(t.scheduleGroup()).isEqualTo("jobkit");
    }

    @Test
    void routes_sendMatchingTypesToNamedQueues_othersByPriority() {
        Topology t = Topology.builder().prefix("acme").queue(QueueDef.standard("reports")).route("report.*", "reports").build();
        assertThat(t.route("report.daily", Priority.HIGH).name()).isEqualTo("reports");
        assertThat(t.route("report.daily.pdf", Priority.LOW).name()).isEqualTo("reports");
        assertThat(t.route("reporting", Priority.LOW).name()).isEqualTo("low");
        assertThat(t.route("email.send", Priority.CRITICAL).name()).isEqualTo("critical");
        assertThat(t.sqsName(t.queue("reports"))).isEqualTo("acme-reports");
    }

    @Test
    void fifoQueues_getFifoNamesForQueueAndDlq() {
        Topology t = Topology.builder().queue(QueueDef.fifo("orders")).build();
        assertThat(t.sqsName(t.queue("orders"))).isEqualTo("jobkit-orders.fifo");
        assertThat(t.dlqSqsName(t.queue("orders"))).isEqualTo("jobkit-orders-dlq.fifo");
        assertThat(t.queueForSqsName("jobkit-orders-dlq.fifo")).contains(t.queue("orders"));
    }

    @Test
    void fromEnvironment_readsPrefixQueuesAndRoutes() {
        Topology t = Topology.fromEnvironment(Map.of("JOBKIT_PREFIX", "shop", "JOBKIT_QUEUES", "reports, orders:fifo",
                "JOBKIT_ROUTES", "report.*=reports,order.*=orders"));
        assertThat(t.prefix()).isEqualTo("shop");
        assertThat(t.queue("orders").fifo()).isTrue();
        assertThat(t.route("order.ship", Priority.NORMAL).name()).isEqualTo("orders");
    }

    @Test
    void badDeclarations_getSpecificErrors() {
        assertThatThrownBy(() -> Topology.defaults().queue("nope"))
                .isInstanceOf(JobValidationException.class)
                .hasMessageStartingWith("unknown queue 'nope'; known queues: critical, high, normal, low; use one of them");
        assertThatThrownBy(() -> Topology.builder().route("x.*", "missing").build())
                .hasMessageContaining("route 'x.*' names unknown queue 'missing'");
        assertThatThrownBy(() -> Topology.builder().prefix("Bad Prefix").build()).hasMessageContaining("prefix 'Bad Prefix' is invalid");
        assertThatThrownBy(() -> QueueDef.standard("a.fifo")).hasMessageContaining("declared with fifo=true");
        assertThatThrownBy(() -> Topology.fromEnvironment(Map.of("JOBKIT_ROUTES", "report.*")))
                .hasMessageContaining("use 'pattern=queue'");
    }
}
