package io.jobkit.local;

import java.nio.file.Path;
import java.util.List;

/**
 * The flags of {@code local/run up}. Each accepts {@code --flag value} and {@code --flag=value}.
 *
 * @param sqsPort      {@code --sqs-port}, default 9324; 0 picks a free port
 * @param dynamoDbPort {@code --dynamodb-port}, default 8000; 0 picks a free port
 * @param schedulerPort {@code --scheduler-port}, default 8085; 0 picks a free port
 * @param region       {@code --region}, default us-east-1
 * @param prefix       {@code --prefix}, or null to take {@code JOBKIT_PREFIX} from the environment (else {@code jobkit})
 * @param worker       false with {@code --no-worker}: only the cloud, no worker
 * @param concurrency  {@code --concurrency}: the worker's jobs at once, or the Lambda function's environments (default 8)
 * @param runtime      {@code --runtime}: what runs the jobs (default the container worker)
 * @param lambdaBundle {@code --lambda-bundle}: the bundle {@code lambda-isolated} runs (default: the system property
 *                     {@code jobkit.lambda.bundle}, which {@code local/run} sets, else
 *                     {@code handlers/target/jobkit-handlers-lambda.jar})
 * @param dashboardPort {@code --dashboard-port}, default 8090: the admin API and console; 0 picks a free port
 */
record UpOptions(int sqsPort, int dynamoDbPort, int schedulerPort, String region, String prefix, boolean worker,
                 int concurrency, RuntimeKind runtime, Path lambdaBundle, int dashboardPort) {
    static final int DEFAULT_DASHBOARD_PORT = 8090;
    static final String BUNDLE_PROPERTY = "jobkit.lambda.bundle";

    /** What serves the queues next to the cloud. */
    enum RuntimeKind {
        /** The long-polling container worker. */
        WORKER("worker"),
        /** The Lambda entrypoint behind the local SQS event source, in this JVM. */
        LAMBDA("lambda"),
        /** The Lambda bundle in child JVMs under the AWS Lambda Runtime Interface Client. */
        LAMBDA_ISOLATED("lambda-isolated");

        final String flag;

        RuntimeKind(String flag) {
            this.flag = flag;
        }
    }

    static final String USAGE = String.join("\n",
            "usage: local/run up|demo [--sqs-port N] [--dynamodb-port N] [--scheduler-port N] [--region R]",
            "                         [--prefix P] [--concurrency N] [--no-worker]",
            "                         [--runtime worker|lambda|lambda-isolated] [--lambda-bundle PATH]",
            "                         [--dashboard-port N]",
            "",
            "Starts SQS (ElasticMQ), DynamoDB Local and a local EventBridge Scheduler (which fires schedules into that",
            "SQS) on 127.0.0.1, provisions jobkit's queues, table and schedule group, starts a worker with the",
            "built-in and demo handlers, prints the export lines for a second shell and runs until Ctrl-C. 'demo'",
            "also enqueues a realistic mix of jobs and shows them progress.",
            "",
            "  --sqs-port N       SQS port (default " + LocalService.SQS.defaultPort() + "; 0 = any free port)",
            "  --dynamodb-port N  DynamoDB port (default " + LocalService.DYNAMODB.defaultPort() + "; 0 = any free port)",
            "  --scheduler-port N EventBridge Scheduler port (default " + LocalService.SCHEDULER.defaultPort()
                    + "; 0 = any free port)",
            "  --region R         region clients use (default " + LocalCloud.DEFAULT_REGION + ")",
            "  --prefix P         resource name prefix (default $JOBKIT_PREFIX, else jobkit)",
            "  --concurrency N    jobs the worker runs at once, or the Lambda function's environments (default 8)",
            "  --no-worker        start the cloud only",
            "  --runtime R        what runs the jobs: worker (default, the container worker), lambda (the Lambda",
            "                     entrypoint behind a local SQS event source, in this JVM) or lambda-isolated (the",
            "                     Lambda bundle in child JVMs under the AWS Lambda Runtime Interface Client)",
            "  --lambda-bundle P  the bundle lambda-isolated runs (default handlers/target/jobkit-handlers-lambda.jar)",
            "  --dashboard-port N the admin API and console (default 8090; 0 = any free port); JOBKIT_ADMIN_TOKENS",
            "                     as for `jobkit dashboard`, else loopback only and every caller is admin",
            "",
            "The rest of the topology comes from JOBKIT_QUEUES, JOBKIT_ROUTES, JOBKIT_TABLE as for every jobkit process.");

    static UpOptions parse(List<String> args) throws UsageException {
        int sqsPort = LocalService.SQS.defaultPort();
        int dynamoDbPort = LocalService.DYNAMODB.defaultPort();
        int schedulerPort = LocalService.SCHEDULER.defaultPort();
        RuntimeKind runtime = RuntimeKind.WORKER;
        Path bundle = Path.of(System.getProperty(BUNDLE_PROPERTY, "handlers/target/jobkit-handlers-lambda.jar"));
        String region = LocalCloud.DEFAULT_REGION;
        String prefix = null;
        boolean worker = true;
        int concurrency = 8;
        int dashboardPort = DEFAULT_DASHBOARD_PORT;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            int eq = arg.indexOf('=');
            String flag = arg.startsWith("--") && eq > 0 ? arg.substring(0, eq) : arg;
            String value;
            if (flag.length() < arg.length()) {
                value = arg.substring(eq + 1);
            } else if (isFlagWithValue(flag)) {
                if (i + 1 >= args.size()) throw new UsageException("option " + flag + " needs a value");
                value = args.get(++i);
            } else {
                value = null;
            }
            switch (flag) {
                case "--sqs-port" -> sqsPort = port(flag, value);
                case "--dynamodb-port" -> dynamoDbPort = port(flag, value);
                case "--scheduler-port" -> schedulerPort = port(flag, value);
                case "--runtime" -> runtime = runtime(value);
                case "--lambda-bundle" -> bundle = Path.of(value);
                case "--region" -> region = value;
                case "--prefix" -> prefix = value;
                case "--concurrency" -> concurrency = positive(flag, value);
                case "--no-worker" -> worker = false;
                case "--dashboard-port" -> dashboardPort = port(flag, value);
                default -> throw new UsageException("unknown option '" + arg + "'; known options: --sqs-port,"
                        + " --dynamodb-port, --scheduler-port, --region, --prefix, --concurrency, --no-worker, --runtime,"
                        + " --lambda-bundle, --dashboard-port");
            }
        }
        distinct("--sqs-port", sqsPort, "--dynamodb-port", dynamoDbPort);
        distinct("--sqs-port", sqsPort, "--scheduler-port", schedulerPort);
        distinct("--dynamodb-port", dynamoDbPort, "--scheduler-port", schedulerPort);
        return new UpOptions(sqsPort, dynamoDbPort, schedulerPort, region, prefix, worker, concurrency, runtime, bundle,
                dashboardPort);
    }

    private static RuntimeKind runtime(String value) throws UsageException {
        for (RuntimeKind r : RuntimeKind.values()) {
            if (r.flag.equals(value)) return r;
        }
        throw new UsageException("option --runtime needs worker, lambda or lambda-isolated, got '" + value + "'");
    }

    private static void distinct(String flagA, int a, String flagB, int b) throws UsageException {
        if (a != 0 && a == b) {
            throw new UsageException(flagA + " and " + flagB + " are both " + a + "; give them different ports");
        }
    }

    private static boolean isFlagWithValue(String flag) {
        return switch (flag) {
            case "--sqs-port", "--dynamodb-port", "--scheduler-port", "--region", "--prefix", "--concurrency", "--runtime",
                 "--lambda-bundle", "--dashboard-port" -> true;
            default -> false;
        };
    }

    private static int positive(String flag, String value) throws UsageException {
        try {
            int n = Integer.parseInt(value.trim());
            if (n >= 1 && n <= 1000) return n;
        } catch (NumberFormatException e) {
            // fall through to the message below
        }
        throw new UsageException("option " + flag + " needs a number 1-1000, got '" + value + "'");
    }

    private static int port(String flag, String value) throws UsageException {
        try {
            int port = Integer.parseInt(value.trim());
            if (port >= 0 && port <= 65535) return port;
        } catch (NumberFormatException e) {
            // fall through to the message below
        }
        throw new UsageException("option " + flag + " needs a port number 1-65535 (or 0 for any free port), got '"
                + value + "'");
    }
}
