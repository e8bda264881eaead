package io.jobkit.local.chaos;

import java.util.Set;

/**
 * What a reconciler pass reported, for {@link InvariantChecker}: the ids of the stale records it was given (found
 * through the status index) and the ids it says it repaired. Built from the reconciler's own report once
 * {@code JobClient.reconcile} exists (issue 11, point 3); until then the checker marks that invariant PENDING.
 */
public record ReconcilerEvidence(Set<String> staleGiven, Set<String> repaired) {
    public ReconcilerEvidence {
        staleGiven = Set.copyOf(staleGiven);
        repaired = Set.copyOf(repaired);
    }
}
