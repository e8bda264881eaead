package io.jobkit.cli.admin;

import io.jobkit.admin.AdminTokens;
import io.jobkit.admin.Role;
import io.jobkit.cli.CliCommand;
import io.jobkit.client.JobValidationException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.List;

/**
 * {@code jobkit admin token --role R [--name N]}: a fresh random bearer token and the {@code JOBKIT_ADMIN_TOKENS}
 * entry (its SHA-256) the server needs. The token is printed once, here; the server never sees it until a call.
 */
@Command(name = "token", mixinStandardHelpOptions = true,
        description = "Print a fresh admin API token and its JOBKIT_ADMIN_TOKENS entry.",
        footer = {"", "Examples:", "  jobkit admin token --role operator --name otto",
                "  export JOBKIT_ADMIN_TOKENS=\"$JOBKIT_ADMIN_TOKENS,otto=operator:<hex>\""})
public final class AdminTokenCommand extends CliCommand {
    /** The JSON shape of the result. */
    public record Token(String token, String entry, String role, String name) {
    }

    @Option(names = "--role", required = true, paramLabel = "R", description = "viewer, operator or admin.")
    String role;

    @Option(names = "--name", paramLabel = "N", description = "The holder's name, recorded in the audit log.")
    String name;

    @Override
    public Integer call() {
        Role r = Role.parse(role).orElseThrow(() -> new JobValidationException("unknown role '" + role
                + "'; use viewer, operator or admin"));
        AdminTokens.Issued issued;
        try {
            issued = AdminTokens.issue(r, name);
        } catch (IllegalArgumentException e) {
            throw new JobValidationException(e.getMessage());
        }
        output().print(new Token(issued.token(), issued.entry(), r.label(), name), () -> {
            output().fields(List.of(new String[]{"token", issued.token()}, new String[]{"entry", issued.entry()}));
            output().note("give the token to its holder (it is shown only now); add the entry to JOBKIT_ADMIN_TOKENS"
                    + " (comma-separated) where the admin server runs");
        });
        return 0;
    }
}
