package io.jobkit.client.metrics;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class LogHistogramTest {

    @Test
    void everyValue_fallsInsideItsBucketsBounds() {
        for (long ms = 0; ms < 200_000; ms += (ms < 2000 ? 1 : 997)) {
            int b = LogHistogram.bucketOf(ms);
            assertThat((double) ms).isGreaterThanOrEqualTo(LogHistogram.lowerBound(b)).isLessThan(LogHistogram.upperBound(b));
        }
        assertThat(LogHistogram.bucketOf(24L * 3600 * 1000)).isLessThan(200);
    }

    @Test
    void percentiles_ofKnownValues_areWithinTheStatedRelativeError() {
        Random random = new Random(42);
        List<Long> values = new ArrayList<>();
        LogHistogram h = new LogHistogram();
        for (int i = 0; i < 10_000; i++) {
            long v = 1 + (long) Math.exp(random.nextDouble() * Math.log(60_000)); // 1 ms .. 60 s, log-uniform
            values.add(v);
            h.record(v);
        }
        Collections.sort(values);
        for (double q : new double[]{0.5, 0.95, 0.99, 1.0}) {
            long exact = values.get((int) Math.ceil(q * values.size()) - 1);
            assertThat(h.percentile(q)).as("p%s", q * 100).isCloseTo((double) exact, within(exact * LogHistogram.RELATIVE_ERROR));
        }
        assertThat(h.max()).isCloseTo((double) values.get(values.size() - 1), within(values.get(values.size() - 1) * LogHistogram.RELATIVE_ERROR));
        assertThat(h.mean()).isEqualTo(values.stream().mapToLong(Long::longValue).sum() / (double) values.size());
        assertThat(LogHistogram.RELATIVE_ERROR).isLessThan(0.049);
    }

    @Test
    void anEmptyHistogram_hasNoPercentiles() {
        assertThat(new LogHistogram().percentile(0.5)).isNull();
        assertThat(new LogHistogram().max()).isNull();
    }

    @Test
    void merging_equalsRecordingEverythingInOne() {
        LogHistogram a = new LogHistogram(), b = new LogHistogram(), all = new LogHistogram();
        for (long v = 1; v < 500; v += 7) {
            (v % 2 == 0 ? a : b).record(v);
            all.record(v);
        }
        a.addAll(b);
        assertThat(a.buckets()).isEqualTo(all.buckets());
        assertThat(a.sumMillis()).isEqualTo(all.sumMillis());
        assertThat(a.percentile(0.95)).isEqualTo(all.percentile(0.95));
    }
}
