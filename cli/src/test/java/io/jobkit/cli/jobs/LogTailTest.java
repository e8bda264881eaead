package io.jobkit.cli.jobs;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class LogTailTest {
    @Test
    void eachRead_printsOnlyTheLinesAfterTheLastOnePrinted() {
        LogTail tail = new LogTail();
        assertThat(tail.newLines(List.of())).isEmpty();
        assertThat(tail.newLines(List.of("t1 INFO a"))).containsExactly("t1 INFO a");
        assertThat(tail.newLines(List.of("t1 INFO a"))).isEmpty();
        assertThat(tail.newLines(List.of("t1 INFO a", "t2 WARN b", "t3 INFO c"))).containsExactly("t2 WARN b", "t3 INFO c");
    }

    @Test
    void aWindowThatScrolledPastTheLastPrintedLine_isPrintedWhole() {
        LogTail tail = new LogTail();
        tail.newLines(List.of("t1 INFO a", "t2 INFO b"));
        // the record kept its last 2 lines only; "b" is gone
        assertThat(tail.newLines(List.of("t4 INFO d", "t5 INFO e"))).containsExactly("t4 INFO d", "t5 INFO e");
        // the window slid by one: only the new line
        assertThat(tail.newLines(List.of("t5 INFO e", "t6 INFO f"))).containsExactly("t6 INFO f");
    }
}
