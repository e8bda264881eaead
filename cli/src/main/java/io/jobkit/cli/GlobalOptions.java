package io.jobkit.cli;

import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * Options every command takes, before or after its name ({@code jobkit --json list} and {@code jobkit list --json}).
 * Flags override the environment: {@code --endpoint-url} replaces {@code AWS_ENDPOINT_URL[_SQS|_DYNAMODB|_SCHEDULER]},
 * {@code --region} {@code AWS_REGION}, {@code --prefix} {@code JOBKIT_PREFIX}.
 */
public final class GlobalOptions {
    @Option(names = "--endpoint-url", scope = ScopeType.INHERIT, paramLabel = "URL",
            description = "Endpoint for every AWS service jobkit calls (e.g. http://127.0.0.1:4566); default: "
                    + "AWS_ENDPOINT_URL_<SERVICE>, AWS_ENDPOINT_URL, else AWS.")
    String endpointUrl;

    @Option(names = "--region", scope = ScopeType.INHERIT, paramLabel = "REGION",
            description = "AWS region; default: AWS_REGION, else the SDK's default chain (profile, instance metadata).")
    String region;

    @Option(names = "--prefix", scope = ScopeType.INHERIT, paramLabel = "PREFIX",
            description = "jobkit resource prefix (queues <prefix>-<queue>, table <prefix>-jobs); default: JOBKIT_PREFIX, else jobkit.")
    String prefix;

    @Option(names = "--json", scope = ScopeType.INHERIT,
            description = "Print JSON on stdout (stable field names, see the README) instead of text for people.")
    boolean json;

    @Option(names = {"-v", "--verbose"}, scope = ScopeType.INHERIT,
            description = "On errors, print the stack trace too; log at DEBUG.")
    boolean verbose;
}
