package io.jobkit.local.chaos;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The execution ledger: one append-only file per worker incarnation ({@code ledger-<worker>.tsv}) in a directory.
 * Every line is forced to disk before the handler goes on, so a SIGKILL cannot hide an execution that happened: a
 * duplicate run is counted, never lost with the process. Reading tolerates a torn last line.
 */
public final class Ledger implements AutoCloseable {
    private final FileChannel channel;

    private Ledger(FileChannel channel) {
        this.channel = channel;
    }

    /** Opens (appending) the file of {@code worker} in {@code dir}. */
    public static Ledger open(Path dir, String worker) {
        try {
            Files.createDirectories(dir);
            return new Ledger(FileChannel.open(dir.resolve("ledger-" + worker + ".tsv"),
                    StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the chaos ledger in " + dir, e);
        }
    }

    /** Appends one entry and forces it to disk. */
    public synchronized void append(LedgerEntry entry) {
        try {
            ByteBuffer line = ByteBuffer.wrap(entry.toLine().getBytes(StandardCharsets.UTF_8));
            while (line.hasRemaining()) channel.write(line);
            channel.force(false);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the chaos ledger", e);
        }
    }

    /** Every complete entry of every ledger file in {@code dir}. */
    public static List<LedgerEntry> readAll(Path dir) {
        List<LedgerEntry> entries = new ArrayList<>();
        if (!Files.isDirectory(dir)) return entries;
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.getFileName().toString().startsWith("ledger-")).sorted().toList()) {
                for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
                    LedgerEntry e = LedgerEntry.parse(line);
                    if (e != null) entries.add(e);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the chaos ledger in " + dir, e);
        }
        return entries;
    }

    @Override
    public synchronized void close() {
        try {
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
