package io.jobkit.local;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class StartupReportTest {

    @Test
    void shellQuote_leavesUrlsAndNamesBare() {
        assertThat(StartupReport.shellQuote("http://127.0.0.1:9324")).isEqualTo("http://127.0.0.1:9324");
        assertThat(StartupReport.shellQuote("report.*=reports")).isEqualTo("'report.*=reports'");
    }

    @Test
    void shellQuote_quotesWhatTheShellWouldInterpret() {
        assertThat(StartupReport.shellQuote("a b")).isEqualTo("'a b'");
        assertThat(StartupReport.shellQuote("it's")).isEqualTo("'it'\\''s'");
    }
}
