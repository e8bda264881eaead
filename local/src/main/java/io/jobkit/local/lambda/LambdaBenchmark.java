package io.jobkit.local.lambda;

import io.jobkit.client.JobClient;
import io.jobkit.handlers.JobHandlers;
import io.jobkit.handlers.builtin.DemoHandlers;
import io.jobkit.local.LocalCloud;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;

/**
 * The Lambda benchmark: cold start under the Runtime Interface Client, and the warm per-batch cost of the entrypoint
 * against calling the handler directly. Prints a Markdown report on stdout (logs go to stderr).
 *
 * <pre>
 * java -cp "local/target/jobkit-local-*.jar:$(cat local/target/runtime-classpath.txt)" \
 *     io.jobkit.local.lambda.LambdaBenchmark [--cold-runs 5] [--warmup 10] [--rounds 40] [--bundle PATH]
 * </pre>
 *
 * <ol>
 *   <li>Start the local cloud on free ports.</li>
 *   <li>Cold: {@code --cold-runs} fresh JVMs, each until its first job is done ({@link ColdStartBench}).</li>
 *   <li>Warm: {@code --warmup} + {@code --rounds} rounds of every variant of {@link WarmBatchBench}.</li>
 * </ol>
 */
public final class LambdaBenchmark {

    private LambdaBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = options(args);
        int coldRuns = Integer.parseInt(options.getOrDefault("--cold-runs", "5"));
        int warmup = Integer.parseInt(options.getOrDefault("--warmup", "10"));
        int rounds = Integer.parseInt(options.getOrDefault("--rounds", "40"));
        Path bundle = Path.of(options.getOrDefault("--bundle", System.getProperty("jobkit.lambda.bundle",
                "handlers/target/jobkit-handlers-lambda.jar")));
        try (LocalCloud cloud = LocalCloud.builder().sqsPort(0).dynamoDbPort(0).schedulerPort(0).start();
             JobClient client = JobClient.fromEnvironment(cloud.clientEnvironment())) {
            Map<String, String> env = new HashMap<>(cloud.clientEnvironment());
            env.put(JobHandlers.PROVIDER_ENV, DemoHandlers.class.getName());
            IsolatedRuntime runtime = IsolatedRuntime.of(bundle, env);
            FunctionSettings function = FunctionSettings.of(1);

            Map<String, List<ColdStartBench.Run>> cold = new ColdStartBench(client, runtime, function).run(coldRuns);
            JobHandlers handlers = demo();
            Map<String, List<Double>> warm;
            try (IsolatedEnvironment isolated = runtime.start(function)) {
                warm = new WarmBatchBench(client, handlers, isolated).run(warmup, rounds);
            }
            report(cold, warm, rounds);
        }
    }

    private static JobHandlers demo() {
        JobHandlers.Builder b = JobHandlers.builder();
        new DemoHandlers().register(b);
        return b.build();
    }

    private static void report(Map<String, List<ColdStartBench.Run>> cold, Map<String, List<Double>> warm, int rounds) {
        System.out.printf("## Lambda benchmark (%d cores, Java %s)%n%n", Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"));
        for (Map.Entry<String, List<ColdStartBench.Run>> variant : cold.entrySet()) {
            System.out.printf("Cold path, %s: %d fresh JVMs under the Runtime Interface Client (%s), one demo.noop job"
                    + " each:%n%n", variant.getKey(), variant.getValue().size(), String.join(" ", IsolatedRuntime.DEFAULT_JVM_OPTIONS));
            System.out.println("| phase | median ms | min | max |");
            System.out.println("|---|---:|---:|---:|");
            row("JVM start + RIC + handler init (to first /next)", variant.getValue(), ColdStartBench.Run::initMillis);
            row("first invocation (claim, outcome; SDK clients if not built yet)", variant.getValue(),
                    ColdStartBench.Run::firstInvocationMillis);
            row("fresh JVM → first job done", variant.getValue(), ColdStartBench.Run::totalMillis);
            System.out.println();
        }
        System.out.printf("%nWarm path, per batch of %d demo.noop jobs, %d rounds (every variant on fresh jobs in each"
                + " round):%n%n", WarmBatchBench.BATCH, rounds);
        System.out.println("| variant | median ms | p90 ms | × processor |");
        System.out.println("|---|---:|---:|---:|");
        double processor = median(warm.get("processor"));
        warm.forEach((name, values) -> System.out.printf("| %s | %.2f | %.2f | %s |%n", name, median(values),
                percentile(values, 0.9), name.equals("handler") ? "–" : String.format("%.2f", median(values) / processor)));
    }

    private static void row(String phase, List<ColdStartBench.Run> runs, ToLongFunction<ColdStartBench.Run> f) {
        List<Double> values = runs.stream().map(r -> (double) f.applyAsLong(r)).toList();
        System.out.printf("| %s | %.0f | %.0f | %.0f |%n", phase, median(values), Collections.min(values),
                Collections.max(values));
    }

    private static double median(List<Double> values) {
        return percentile(values, 0.5);
    }

    private static double percentile(List<Double> values, double p) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get((int) Math.min(sorted.size() - 1, Math.floor(p * sorted.size())));
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) options.put(args[i], args[i + 1]);
        return options;
    }
}
