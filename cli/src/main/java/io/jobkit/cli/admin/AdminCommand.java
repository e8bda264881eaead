package io.jobkit.cli.admin;

import io.jobkit.cli.CliCommand;
import io.jobkit.cli.ExitCodes;
import picocli.CommandLine.Command;

/** {@code jobkit admin ...}: the admin console's credentials. */
@Command(name = "admin", mixinStandardHelpOptions = true, description = "Admin console credentials.",
        footer = {"", "Examples:", "  jobkit admin token --role viewer --name vera"},
        subcommands = {AdminTokenCommand.class})
public final class AdminCommand extends CliCommand {
    @Override
    public Integer call() {
        cli().err().println("jobkit admin: a subcommand is required; use token (see 'jobkit admin --help')");
        return ExitCodes.USAGE;
    }
}
