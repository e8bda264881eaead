package io.jobkit.local.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The benchmark commands' command lines: {@code --name N} options taking positive whole numbers, and {@code --help}. */
final class BenchFlags {
    private BenchFlags() {
    }

    /**
     * The options' values, each defaulting to its entry in {@code defaults} (whose keys are the only options
     * accepted), or null when help was asked for.
     *
     * @throws IllegalArgumentException for an unknown option, a missing value, or a value that is not a positive
     *                                  whole number; the message says which
     */
    static Map<String, Integer> parse(List<String> args, Map<String, Integer> defaults) {
        Map<String, Integer> values = new LinkedHashMap<>(defaults);
        for (int i = 0; i < args.size(); i++) {
            String flag = args.get(i);
            if (flag.equals("--help") || flag.equals("-h")) return null;
            if (!defaults.containsKey(flag)) throw new IllegalArgumentException("unknown option '" + flag + "'");
            if (i + 1 >= args.size()) throw new IllegalArgumentException("option " + flag + " needs a value");
            String raw = args.get(++i);
            int value;
            try {
                value = Integer.parseInt(raw);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("option " + flag + " needs a whole number, not '" + raw + "'");
            }
            if (value < 1) throw new IllegalArgumentException("option " + flag + " needs a positive number");
            values.put(flag, value);
        }
        return values;
    }
}
