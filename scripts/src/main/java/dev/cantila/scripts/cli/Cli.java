package dev.cantila.scripts.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The author's commands without the server: {@code ./cantila test} and {@code ./cantila deploy} start here, so
 * they load no HTTP server, database or engine classes (start-up is what a script author waits for).
 */
@Command(name = "cantila", mixinStandardHelpOptions = true, version = "cantila 0.1.0",
        subcommands = {TestCommand.class, DeployCommand.class})
public final class Cli implements Runnable {

    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("test")) {
            TestCommand.startRuntimeEarly(); // the JavaScript engine starts while picocli parses and files are read
        }
        System.exit(new CommandLine(new Cli()).execute(args));
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }
}
