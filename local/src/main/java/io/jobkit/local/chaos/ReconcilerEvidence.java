package io.jobkit.local.chaos;

import java.util.Set;

/**
 * What a reconciler pass reported, for {@link InvariantChecker}: the ids of the stale records it was given (in a
 * chaos run: the ones {@code StalePlanter} planted) and the ids its {@code ReconcileReport} says it repaired.
 * Without evidence (null) the checker marks that invariant PENDING.
 */
public record ReconcilerEvidence(Set<String> staleGiven, Set<String> repaired) {
    public ReconcilerEvidence {
        staleGiven = Set.copyOf(staleGiven);
        repaired = Set.copyOf(repaired);
    }
}
