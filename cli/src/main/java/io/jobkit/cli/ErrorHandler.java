package io.jobkit.cli;

import io.jobkit.client.JobValidationException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;

import java.io.PrintWriter;

/**
 * Turns every failure into one sentence on stderr and an exit code: bad usage (picocli's parse errors and
 * {@link JobValidationException}) exits 2; failed operations ({@link CliFailure}, jobkit and AWS errors) exit 1.
 * Stack traces only with {@code --verbose}.
 */
final class ErrorHandler implements IParameterExceptionHandler, IExecutionExceptionHandler {
    private final PrintWriter err;

    ErrorHandler(PrintWriter err) {
        this.err = err;
    }

    @Override
    public int handleParseException(ParameterException e, String[] args) {
        CommandLine cmd = e.getCommandLine();
        String message = e.getMessage();
        if (e instanceof UnmatchedArgumentException u && cmd.getSubcommands().size() > 0 && !u.getUnmatched().isEmpty()
                && !u.getUnmatched().get(0).startsWith("-")) {
            message = "unknown command '" + u.getUnmatched().get(0) + "'; commands: "
                    + String.join(", ", cmd.getSubcommands().keySet());
        }
        err.println(name(cmd) + ": " + message + hint(cmd));
        err.flush();
        return ExitCodes.USAGE;
    }

    @Override
    public int handleExecutionException(Exception e, CommandLine cmd, ParseResult parsed) {
        boolean verbose = parsed.matchedOption("--verbose") != null || parsed.matchedOption("-v") != null
                || anySubcommandVerbose(parsed);
        int code;
        String message;
        if (e instanceof JobValidationException) {
            code = ExitCodes.USAGE;
            message = e.getMessage() + hint(cmd);
        } else if (e instanceof CliFailure) {
            code = ExitCodes.FAILED;
            message = e.getMessage();
        } else if (e instanceof AwsServiceException aws && aws.awsErrorDetails() != null) {
            code = ExitCodes.FAILED;
            message = aws.awsErrorDetails().serviceName() + " refused the request: " + aws.awsErrorDetails().errorCode()
                    + " " + aws.awsErrorDetails().errorMessage();
        } else if (e instanceof SdkClientException && String.valueOf(e.getMessage()).startsWith("Unable to load region")) {
            code = ExitCodes.FAILED;
            message = "no AWS region configured: set AWS_REGION, a region in your AWS profile, or pass --region";
        } else if (e instanceof SdkClientException) {
            code = ExitCodes.FAILED;
            message = "could not talk to AWS: " + e.getMessage()
                    + " (check AWS_REGION, credentials and AWS_ENDPOINT_URL_*, or --region/--endpoint-url)";
        } else {
            code = ExitCodes.FAILED;
            message = e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
        }
        err.println(name(cmd) + ": " + Text.firstLine(message));
        if (verbose) e.printStackTrace(err);
        err.flush();
        return code;
    }

    private static boolean anySubcommandVerbose(ParseResult parsed) {
        for (ParseResult p = parsed; p != null; p = p.subcommand()) {
            if (p.matchedOption("--verbose") != null) return true;
        }
        return false;
    }

    private static String name(CommandLine cmd) {
        return cmd.getCommandSpec().qualifiedName();
    }

    private static String hint(CommandLine cmd) {
        return " (see '" + name(cmd) + " --help')";
    }
}
