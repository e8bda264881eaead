package io.jobkit.client.metrics;

import java.util.Map;
import java.util.TreeMap;

/**
 * A histogram of millisecond durations in fixed logarithmic buckets, small enough to store as a handful of numeric
 * attributes and merge with DynamoDB's atomic {@code ADD}.
 *
 * <p>Bucket 0 holds [0, 1) ms; bucket {@code i ≥ 1} holds [1.1^(i-1), 1.1^i) ms. A percentile is reported as the
 * geometric middle of its bucket, so it is within {@link #RELATIVE_ERROR} (≈ 4.9 %) of the true sample value for any
 * value of 1 ms or more (and within 1 ms below that). 24 hours fits in bucket 193, so an item never holds more than
 * ~200 bucket attributes, and real workloads touch a dozen or two. Mutable and not thread-safe: callers lock.
 */
public final class LogHistogram {
    /** Growth factor between bucket bounds. */
    public static final double GROWTH = 1.1;
    /** Largest relative error of a reported percentile for values ≥ 1 ms: sqrt(1.1) − 1. */
    public static final double RELATIVE_ERROR = Math.sqrt(GROWTH) - 1;
    private static final double LOG_GROWTH = Math.log(GROWTH);

    private final TreeMap<Integer, Long> buckets = new TreeMap<>();
    private long count;
    private long sumMillis;

    public static int bucketOf(long millis) {
        if (millis < 1) return 0;
        int i = (int) Math.floor(Math.log(millis) / LOG_GROWTH) + 1;
        // guard floating-point edges so that lowerBound(i) <= millis < upperBound(i)
        while (i > 1 && lowerBound(i) > millis) i--;
        while (upperBound(i) <= millis) i++;
        return i;
    }

    public static double lowerBound(int bucket) {
        return bucket == 0 ? 0 : Math.pow(GROWTH, bucket - 1);
    }

    public static double upperBound(int bucket) {
        return Math.pow(GROWTH, bucket);
    }

    /** The value a bucket stands for: its geometric middle (0.5 ms for bucket 0). */
    public static double representative(int bucket) {
        return bucket == 0 ? 0.5 : Math.sqrt(lowerBound(bucket) * upperBound(bucket));
    }

    public void record(long millis) {
        long ms = Math.max(0, millis);
        buckets.merge(bucketOf(ms), 1L, Long::sum);
        count++;
        sumMillis += ms;
    }

    /** Adds counts read back from storage. */
    public void add(int bucket, long n, long sumMillisOfThese) {
        if (n <= 0) return;
        buckets.merge(bucket, n, Long::sum);
        count += n;
        sumMillis += sumMillisOfThese;
    }

    public void addAll(LogHistogram other) {
        other.buckets.forEach((b, n) -> buckets.merge(b, n, Long::sum));
        count += other.count;
        sumMillis += other.sumMillis;
    }

    /** Adds the sum separately (storage keeps one sum per histogram, not per bucket). */
    public void addSum(long millis) {
        sumMillis += millis;
    }

    public long count() {
        return count;
    }

    public long sumMillis() {
        return sumMillis;
    }

    /** Bucket index → count, ascending. */
    public Map<Integer, Long> buckets() {
        return Map.copyOf(buckets);
    }

    public boolean isEmpty() {
        return count == 0;
    }

    /**
     * The value at quantile {@code q} (0 &lt; q ≤ 1) by the nearest-rank method, as its bucket's representative; null
     * when empty.
     */
    public Double percentile(double q) {
        if (count == 0) return null;
        long rank = Math.max(1, (long) Math.ceil(q * count));
        long seen = 0;
        for (Map.Entry<Integer, Long> e : buckets.entrySet()) {
            seen += e.getValue();
            if (seen >= rank) return representative(e.getKey());
        }
        return representative(buckets.lastKey());
    }

    /** The largest value's bucket representative (same error as a percentile); null when empty. */
    public Double max() {
        return count == 0 ? null : representative(buckets.lastKey());
    }

    public Double mean() {
        return count == 0 ? null : (double) sumMillis / count;
    }
}
