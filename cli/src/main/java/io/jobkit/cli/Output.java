package io.jobkit.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * The one place commands print results: JSON (one document per command, the field names of the view records in
 * the command packages, documented in the README) or text for people (tables and key/value blocks). Results go
 * to stdout; progress and errors to stderr.
 */
public final class Output {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final PrintWriter out;
    private final PrintWriter err;
    private final boolean json;

    Output(PrintWriter out, PrintWriter err, boolean json) {
        this.out = out;
        this.err = err;
        this.json = json;
    }

    public boolean json() {
        return json;
    }

    /** Prints {@code value} as JSON on stdout. */
    public void json(Object value) {
        try {
            out.println(JSON.writeValueAsString(value));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("could not write JSON output: " + e.getOriginalMessage(), e);
        }
        out.flush();
    }

    /** Prints {@code value} as JSON in JSON mode, else runs {@code human}. */
    public void print(Object value, Runnable human) {
        if (json) {
            json(value);
        } else {
            human.run();
            out.flush();
        }
    }

    public void line(String text) {
        out.println(text);
        out.flush();
    }

    /** A line on stderr: notes and progress that must never mix with the output scripts read. */
    public void note(String text) {
        err.println(text);
        err.flush();
    }

    /** Columns padded to their widest cell; the last column is not padded. */
    public void table(List<String> headers, List<List<String>> rows) {
        List<List<String>> all = new ArrayList<>();
        all.add(headers);
        all.addAll(rows);
        int[] widths = new int[headers.size()];
        for (List<String> row : all) {
            for (int i = 0; i < row.size(); i++) widths[i] = Math.max(widths[i], cell(row.get(i)).length());
        }
        for (List<String> row : all) {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < row.size(); i++) {
                String c = cell(row.get(i));
                sb.append(c);
                if (i < row.size() - 1) sb.append(" ".repeat(widths[i] - c.length() + 2));
            }
            out.println(sb.toString().stripTrailing());
        }
        out.flush();
    }

    /** {@code key  value} lines with the keys aligned. */
    public void fields(List<String[]> pairs) {
        int width = pairs.stream().mapToInt(p -> p[0].length()).max().orElse(0);
        for (String[] p : pairs) {
            if (p[1] == null) continue;
            out.println(p[0] + " ".repeat(width - p[0].length() + 2) + p[1]);
        }
        out.flush();
    }

    private static String cell(String s) {
        return s == null ? "-" : s;
    }
}
