package io.jobkit.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/** Base of every command: reaches the run's {@link CliContext} through the root command. */
public abstract class CliCommand implements Callable<Integer> {
    @Spec
    protected CommandSpec spec;

    protected CliContext cli() {
        return ((JobkitCli) spec.root().userObject()).context();
    }

    protected Output output() {
        return cli().output();
    }
}
