package io.ruleworks.bootstrap;

import io.micronaut.context.env.Environment;
import io.micronaut.core.io.scan.ClassPathResourceLoader;
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

    /**
     * Netty 4.2 reports its buffer allocations as JDK Flight Recorder events unless this is false; the
     * first pooled allocation (the first request) then registered the event classes with JFR: 50-125 ms
     * of a restart, for events nobody records (docs/performance.md, "Start-up, 2026-12-08").
     * {@code -Dio.netty.jfr.enabled=true} turns them back on.
     */
    static final String NETTY_JFR = "io.netty.jfr.enabled";

    public static void main(String[] args) {
        startupDefaults();
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

    /** System properties read once by libraries as they load: set before any of them does, unless given. */
    static void startupDefaults() {
        if (System.getProperty(NETTY_JFR) == null) {
            System.setProperty(NETTY_JFR, "false");
        }
    }

    /** Micronaut's start, but a setting that breaks its constraint stops it with one line, not a stack trace. */
    private static final class Startup extends Micronaut {

        private ClassPathResourceLoader resources;

        /** Micronaut's, but telling a jar's files from its directories without indexing the jar. */
        @Override
        public ClassPathResourceLoader getResourceLoader() {
            if (resources == null) {
                resources = new JarEntryResourceLoader(super.getResourceLoader());
            }
            return resources;
        }

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
