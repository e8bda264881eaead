package io.jobkit.tests.badinput;

import java.util.List;
import java.util.Objects;

/**
 * One row of the bad-input catalogue: what is sent across a boundary, and the fragments the error must contain so
 * the caller knows what to fix. The same records drive the tests and the README table ({@link CatalogueTable}), so
 * the table cannot drift from what is tested.
 *
 * @param input    the bad input as a person would write it (shown in the README)
 * @param expected fragments of the error, in order of importance: the first is the one the README shows
 * @param act      what the test does with the input; its type depends on the boundary
 */
record BadInput<A>(String input, List<String> expected, A act) {

    BadInput {
        Objects.requireNonNull(input, "input");
        if (expected.isEmpty()) throw new IllegalArgumentException("a case must expect at least one error fragment");
        expected = List.copyOf(expected);
    }

    static <A> BadInput<A> of(String input, A act, String... expected) {
        return new BadInput<>(input, List.of(expected), act);
    }

    /** The fragment the README shows. */
    String error() {
        return expected.get(0);
    }

    @Override
    public String toString() {
        return input;
    }
}
