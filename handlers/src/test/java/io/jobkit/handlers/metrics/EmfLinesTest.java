package io.jobkit.handlers.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jobkit.client.metrics.LogHistogram;
import io.jobkit.client.metrics.MinuteStats;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class EmfLinesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Instant minute = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(1, ChronoUnit.MINUTES);

    @Test
    void aFlushedKey_printsOneEmfDocument_withNamespaceDimensionsUnitsAndTheCounts() throws Exception {
        MinuteStats s = new MinuteStats(minute, "normal", "email.send");
        for (int i = 0; i < 7; i++) s.countSucceeded();
        for (int i = 0; i < 2; i++) { s.countFailed(); s.countDeadLettered(); }
        s.countRetried();
        s.countCancelled();
        for (long ms : new long[] {10, 10, 20, 200, 200, 200, 5000}) s.duration().record(ms);
        s.waitTime().record(30);

        List<String> lines = new ArrayList<>();
        new EmfLines(lines::add).accept(s);

        assertThat(lines).hasSize(1);
        JsonNode doc = JSON.readTree(lines.get(0));
        JsonNode aws = doc.get("_aws");
        assertThat(aws.get("Timestamp").asLong()).isEqualTo(minute.toEpochMilli());
        JsonNode directive = aws.get("CloudWatchMetrics");
        assertThat(directive.isArray()).isTrue();
        assertThat(directive).hasSize(1);
        assertThat(directive.get(0).get("Namespace").asText()).isEqualTo("jobkit");
        assertThat(directive.get(0).get("Dimensions").toString()).isEqualTo("[[\"queue\",\"type\"],[\"queue\"]]");
        Map<String, String> units = new java.util.TreeMap<>();
        directive.get(0).get("Metrics").forEach(m -> units.put(m.get("Name").asText(), m.get("Unit").asText()));
        assertThat(units).containsOnly(Map.entry("Succeeded", "Count"), Map.entry("Failed", "Count"),
                Map.entry("Retried", "Count"), Map.entry("DeadLettered", "Count"), Map.entry("Cancelled", "Count"),
                Map.entry("Duration", "Milliseconds"), Map.entry("QueueWait", "Milliseconds"));
        // every dimension and metric named in the directive is a top-level member, as the EMF specification requires
        assertThat(doc.get("queue").asText()).isEqualTo("normal");
        assertThat(doc.get("type").asText()).isEqualTo("email.send");
        assertThat(doc.get("Succeeded").asDouble()).isEqualTo(7);
        assertThat(doc.get("Failed").asDouble()).isEqualTo(2);
        assertThat(doc.get("Retried").asDouble()).isEqualTo(1);
        assertThat(doc.get("DeadLettered").asDouble()).isEqualTo(2);
        assertThat(doc.get("Cancelled").asDouble()).isEqualTo(1);

        List<Double> durations = doubles(doc.get("Duration"));
        assertThat(durations).hasSize(7);
        double[] recorded = {10, 10, 20, 200, 200, 200, 5000};
        List<Double> sorted = durations.stream().sorted().toList();
        for (int i = 0; i < recorded.length; i++) {
            assertThat(sorted.get(i)).isCloseTo(recorded[i], within(recorded[i] * LogHistogram.RELATIVE_ERROR));
        }
        // a single value is written as a number, not an array
        assertThat(doubles(doc.get("QueueWait"))).singleElement().satisfies(v -> assertThat(v).isCloseTo(30, within(30 * LogHistogram.RELATIVE_ERROR)));
    }

    @Test
    void zeroCounts_areWritten_soMetricMathAlwaysHasItsTerms_andEmptyDistributionsAreLeftOut() throws Exception {
        MinuteStats s = new MinuteStats(minute, "low", "cleanup");
        s.countCancelled();
        List<String> lines = new ArrayList<>();
        new EmfLines(lines::add).accept(s);

        JsonNode doc = JSON.readTree(lines.get(0));
        assertThat(doc.get("Succeeded").asDouble()).isZero();
        assertThat(doc.get("Failed").asDouble()).isZero();
        assertThat(doc.has("Duration")).isFalse();
        assertThat(doc.has("QueueWait")).isFalse();
        assertThat(names(doc)).doesNotContain("Duration", "QueueWait");
    }

    @Test
    void aBusyMinute_isScaledToAboutAThousandValues_splitAtAHundredPerDocument_withTheCountsOnce() throws Exception {
        MinuteStats s = new MinuteStats(minute, "normal", "fast");
        for (int i = 0; i < 20_000; i++) {
            s.countSucceeded();
            s.duration().record(i % 10 == 0 ? 900 : 40); // 10 % slow
        }
        List<String> lines = new ArrayList<>();
        new EmfLines(lines::add).accept(s);

        assertThat(lines).hasSizeBetween(10, 11);
        List<Double> all = new ArrayList<>();
        double succeeded = 0;
        for (String line : lines) {
            JsonNode doc = JSON.readTree(line);
            assertThat(doc.get("_aws").get("CloudWatchMetrics").get(0).get("Namespace").asText()).isEqualTo("jobkit");
            assertThat(doc.get("queue").asText()).isEqualTo("normal");
            List<Double> v = doubles(doc.get("Duration"));
            assertThat(v.size()).isLessThanOrEqualTo(100);
            all.addAll(v);
            if (doc.has("Succeeded")) succeeded += doc.get("Succeeded").asDouble();
        }
        assertThat(succeeded).isEqualTo(20_000); // summed over the documents, the count is exact
        assertThat(all).hasSize(1000);
        assertThat(all.stream().filter(v -> v > 500).count()).isEqualTo(100); // the shape survives the scaling
    }

    @Test
    void jobkitMetrics_acceptsEmfStatsAndOff_andRejectsAnythingElseByName() {
        assertThat(MetricsSettings.fromEnvironment(Map.of()).emf()).isTrue();
        assertThat(MetricsSettings.fromEnvironment(Map.of("JOBKIT_METRICS", "emf"))).satisfies(m -> {
            assertThat(m.enabled()).isTrue();
            assertThat(m.emf()).isTrue();
        });
        assertThat(MetricsSettings.fromEnvironment(Map.of("JOBKIT_METRICS", "stats"))).satisfies(m -> {
            assertThat(m.enabled()).isTrue();
            assertThat(m.emf()).isFalse();
        });
        assertThat(MetricsSettings.fromEnvironment(Map.of("JOBKIT_METRICS", " OFF ")).enabled()).isFalse();
        assertThatThrownBy(() -> MetricsSettings.fromEnvironment(Map.of("JOBKIT_METRICS", "prometheus")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("JOBKIT_METRICS=prometheus is not understood").hasMessageContaining("emf");
    }

    private static List<Double> doubles(JsonNode n) {
        if (n == null) return List.of();
        if (!n.isArray()) return List.of(n.asDouble());
        return StreamSupport.stream(n.spliterator(), false).map(JsonNode::asDouble).toList();
    }

    private static List<String> names(JsonNode doc) {
        List<String> names = new ArrayList<>();
        doc.get("_aws").get("CloudWatchMetrics").get(0).get("Metrics").forEach(m -> names.add(m.get("Name").asText()));
        return names;
    }
}
