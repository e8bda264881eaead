package io.jobkit.local.chaos;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class LedgerTest {

    @Test
    void entriesOfEveryWorkerFile_readBack_andATornLastLineIsSkipped(@TempDir Path dir) throws Exception {
        LedgerEntry one = new LedgerEntry(Instant.ofEpochMilli(1000), "job-1", 1, 1, "w1.1", LedgerEntry.Outcome.START);
        LedgerEntry two = new LedgerEntry(Instant.ofEpochMilli(2000), "job-1", 1, 1, "w1.1", LedgerEntry.Outcome.OK);
        LedgerEntry three = new LedgerEntry(Instant.ofEpochMilli(3000), "job-2", 2, 3, "w2.4", LedgerEntry.Outcome.FAIL);
        try (Ledger a = Ledger.open(dir, "w1.1"); Ledger b = Ledger.open(dir, "w2.4")) {
            a.append(one);
            a.append(two);
            b.append(three);
        }
        // a SIGKILL in the middle of a write leaves half a line
        Files.writeString(dir.resolve("ledger-w2.4.tsv"), "4000\tjob-3\t1", StandardCharsets.UTF_8, StandardOpenOption.APPEND);

        assertThat(Ledger.readAll(dir)).containsExactlyInAnyOrder(one, two, three);
    }

    @Test
    void aBatchCallbacksEntry_keepsItsBatchId_andAPlainEntryHasNone(@TempDir Path dir) {
        LedgerEntry callback = new LedgerEntry(Instant.ofEpochMilli(1000), "b1.onComplete", 1, 1, "w1.1", "b1",
                LedgerEntry.Outcome.OK);
        LedgerEntry plain = new LedgerEntry(Instant.ofEpochMilli(2000), "job-1", 1, 1, "w1.1", LedgerEntry.Outcome.OK);
        try (Ledger a = Ledger.open(dir, "w1.1")) {
            a.append(callback);
            a.append(plain);
        }
        assertThat(Ledger.readAll(dir)).containsExactly(callback, plain);
        assertThat(Ledger.readAll(dir).get(1).callbackOf()).isNull();
    }
}
