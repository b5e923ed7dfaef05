package io.ruleworks.bootstrap;

import io.micronaut.context.env.Environment;
import io.micronaut.runtime.Micronaut;
import io.ruleworks.bootstrap.settings.InvalidSetting;

import java.util.Optional;

/**
 * Entry point. {@code java -jar ruleworks.jar} starts the service; {@code java -jar ruleworks.jar
 * create-api-key ...} runs the key-issuing command line instead (see {@link CreateApiKeyCommand}).
 */
public final class Application {

    private Application() {
    }

    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals(CreateApiKeyCommand.NAME)) {
            // the command's output is its result: keep log lines on standard error, and few of them
            System.setProperty("RULEWORKS_LOG_TARGET", "System.err");
            System.setProperty("RULEWORKS_LOG_LEVEL", "WARN");
            System.exit(CreateApiKeyCommand.run(java.util.Arrays.copyOfRange(args, 1, args.length)));
        }
        new Startup().args(args)
                .mainClass(Application.class)
                .banner(false)
                .start();
    }

    /** Micronaut's start, but a setting that breaks its constraint stops it with one line, not a stack trace. */
    private static final class Startup extends Micronaut {

        @Override
        protected void handleStartupException(Environment environment, Throwable failure) {
            Optional<String> invalid = InvalidSetting.describe(failure);
            if (invalid.isEmpty() || environment != null && environment.getActiveNames().contains(Environment.TEST)) {
                super.handleStartupException(environment, failure);
                return;
            }
            System.err.println(invalid.get());
            System.exit(1);
        }
    }
}
