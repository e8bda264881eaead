package io.jobkit.local.chaos;

import java.util.Set;

/**
 * What a scenario expects of one batch it started, for {@link InvariantChecker}: it completes with every one of its
 * {@code members} succeeded, and each of {@code callbacks} ({@code onSuccess}, {@code onComplete}, ...) ran to
 * success exactly once while no other callback fired. The callbacks' handlers must write the batch id into their
 * ledger entries ({@link LedgerEntry#callbackOf()}), as {@link ChaosHandlers#BATCH_CALLBACK} does.
 */
public record BatchExpectation(String batchId, int members, Set<String> callbacks) {
    public BatchExpectation {
        callbacks = Set.copyOf(callbacks);
    }
}
