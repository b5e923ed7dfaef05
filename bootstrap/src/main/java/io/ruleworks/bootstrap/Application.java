package io.ruleworks.bootstrap;

import io.micronaut.runtime.Micronaut;

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
        Micronaut.build(args)
                .mainClass(Application.class)
                .banner(false)
                .start();
    }
}
