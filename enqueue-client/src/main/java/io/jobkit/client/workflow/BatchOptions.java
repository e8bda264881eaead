package io.jobkit.client.workflow;

import io.jobkit.client.EnqueueRequest;
import io.jobkit.client.JobValidationException;

import java.util.function.Consumer;

/**
 * A batch's callbacks and layout. Immutable; build with {@link #builder()} or {@link #of(Consumer)}.
 *
 * <p>Each callback is a job enqueued exactly once when its condition is reached: {@code onSuccess} when every member
 * succeeded, {@code onComplete} when every member is terminal (succeeded, failed or cancelled), {@code onFailure}
 * when the first member fails for good (possibly before the others end). The callback reads the batch id, summary and
 * member results from its {@code JobContext}.
 */
public final class BatchOptions {
    /** Most counter shards a batch may have. */
    public static final int MAX_SHARDS = 64;
    /** Members per counter shard when the shard count is left to jobkit. */
    static final int MEMBERS_PER_SHARD = 1000;
    private static final BatchOptions DEFAULTS = builder().build();

    private final EnqueueRequest onSuccess;
    private final EnqueueRequest onComplete;
    private final EnqueueRequest onFailure;
    private final int shards;

    private BatchOptions(Builder b) {
        this.onSuccess = b.onSuccess;
        this.onComplete = b.onComplete;
        this.onFailure = b.onFailure;
        this.shards = b.shards;
        if (shards < 0 || shards > MAX_SHARDS) {
            throw new JobValidationException("shards " + shards + " is out of range; use 1 to " + MAX_SHARDS
                    + ", or 0 to let jobkit pick one per " + MEMBERS_PER_SHARD + " members");
        }
        for (EnqueueRequest cb : new EnqueueRequest[]{onSuccess, onComplete, onFailure}) {
            if (cb != null && cb.options().jobId() != null) {
                throw new JobValidationException("batch callback '" + cb.type() + "' sets jobId; jobkit names callbacks"
                        + " after their batch so each fires once: leave it unset");
            }
        }
    }

    public static BatchOptions defaults() {
        return DEFAULTS;
    }

    public static Builder builder() {
        return new Builder();
    }

    public static BatchOptions of(Consumer<Builder> options) {
        Builder b = builder();
        options.accept(b);
        return b.build();
    }

    public EnqueueRequest onSuccess() {
        return onSuccess;
    }

    public EnqueueRequest onComplete() {
        return onComplete;
    }

    public EnqueueRequest onFailure() {
        return onFailure;
    }

    /** The configured shard count, 0 for automatic. */
    public int shards() {
        return shards;
    }

    /** Counter shards for a batch of {@code members}: one per 1,000 members, 1 to {@link #MAX_SHARDS}. */
    int shardsFor(int members) {
        if (shards > 0) return shards;
        return Math.max(1, Math.min(MAX_SHARDS, (members + MEMBERS_PER_SHARD - 1) / MEMBERS_PER_SHARD));
    }

    public static final class Builder {
        private EnqueueRequest onSuccess;
        private EnqueueRequest onComplete;
        private EnqueueRequest onFailure;
        private int shards;

        private Builder() {
        }

        /** Enqueued once when every member succeeded. Default: none. */
        public Builder onSuccess(EnqueueRequest callback) {
            this.onSuccess = callback;
            return this;
        }

        public Builder onSuccess(String type, Object payload) {
            return onSuccess(EnqueueRequest.of(type, payload));
        }

        /** Enqueued once when every member is terminal, whatever the outcome. Default: none. */
        public Builder onComplete(EnqueueRequest callback) {
            this.onComplete = callback;
            return this;
        }

        public Builder onComplete(String type, Object payload) {
            return onComplete(EnqueueRequest.of(type, payload));
        }

        /** Enqueued once when the first member fails for good. Default: none. */
        public Builder onFailure(EnqueueRequest callback) {
            this.onFailure = callback;
            return this;
        }

        public Builder onFailure(String type, Object payload) {
            return onFailure(EnqueueRequest.of(type, payload));
        }

        /**
         * Counter shards: the member counters are spread over this many items (summed on read) so no single item takes
         * every member's write. Default 0: one shard per 1,000 members, at most {@value #MAX_SHARDS}. Members added
         * later share the shards chosen at creation.
         */
        public Builder shards(int shards) {
            this.shards = shards;
            return this;
        }

        public BatchOptions build() {
            return new BatchOptions(this);
        }
    }
}
