package io.ruleworks.bootstrap.logging;

import ch.qos.logback.classic.ClassicConstants;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.util.DefaultJoranConfigurator;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.hook.DefaultShutdownHook;
import ch.qos.logback.core.spi.ContextAwareBase;
import ch.qos.logback.core.status.OnConsoleStatusListener;
import ch.qos.logback.core.util.ContextUtil;
import ch.qos.logback.core.util.OptionHelper;
import ch.qos.logback.core.util.StatusListenerConfigHelper;

import java.util.function.IntConsumer;
import java.util.function.UnaryOperator;

/**
 * The service's logging, configured in code (a logback {@link Configurator} registered in
 * {@code META-INF/services}) rather than by a {@code logback.xml}: parsing that XML with Joran was
 * 50-100 ms of a restart (docs/performance.md, "Start-up, 2026-12-08"). What it sets up is what the
 * XML did, setting for setting:
 *
 * <pre>{@code
 * <shutdownHook class="ch.qos.logback.core.hook.DefaultShutdownHook"/>   flush what is queued at exit
 * STDOUT  ConsoleAppender, target ${RULEWORKS_LOG_TARGET:-System.out},
 *         pattern %d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %-5level [%thread] %logger{36} - %msg %kvp%n
 * ASYNC   DropCountingAsyncAppender -> STDOUT, queueSize ${RULEWORKS_LOG_QUEUE_SIZE:-8192},
 *         discardingThreshold ${RULEWORKS_LOG_DISCARDING_THRESHOLD:-1024}, neverBlock, maxFlushTime 2000
 * ruleworks.access ${RULEWORKS_ACCESS_LOG_LEVEL:-INFO}, ruleworks.events ${RULEWORKS_EVENT_LOG_LEVEL:-INFO},
 * org.flywaydb WARN, com.zaxxer.hikari WARN, root ${RULEWORKS_LOG_LEVEL:-INFO} -> ASYNC
 * }</pre>
 *
 * Each {@code RULEWORKS_*} setting is read as Joran read it: a system property of that name first,
 * then the environment variable, then the default; a level logback does not know is DEBUG, a number
 * that does not parse leaves the appender's own default (with a warning printed at start).
 *
 * <p>A configuration of the operator's wins: with {@code -Dlogback.configurationFile=...}, or a
 * {@code logback-test.xml} or {@code logback.xml} on the classpath (the tests' own), this configurator
 * steps aside and logback's Joran configurator reads that file as before.
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_NORMAL_PRIORITY)
public final class ServiceLogConfiguration extends ContextAwareBase implements Configurator {

    static final String PATTERN = "%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %-5level [%thread] %logger{36} - %msg %kvp%n";

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        setContext(context);
        if (configurationFileGiven(context)) {
            addInfo("A logback configuration file is present: it configures logging, not " + getClass().getName());
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        apply(context, ServiceLogConfiguration::setting);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    /** Logback's own search (system property, logback-test.xml, logback.xml), without reading what it finds. */
    private static boolean configurationFileGiven(LoggerContext context) {
        if (OptionHelper.getSystemProperty(ClassicConstants.MODEL_CONFIG_FILE_PROPERTY) != null) {
            return true;
        }
        DefaultJoranConfigurator joran = new DefaultJoranConfigurator();
        joran.setContext(context);
        return joran.findURLOfDefaultConfigurationFile(false) != null;
    }

    /** As Joran resolved {@code ${NAME}}: system property, then environment variable. */
    static String setting(String name) {
        String value = OptionHelper.getSystemProperty(name, null);
        return value != null ? value : OptionHelper.getEnv(name);
    }

    /**
     * Configures {@code context} as the service's logback.xml did, each {@code RULEWORKS_*} setting
     * looked up with {@code settings} (null: not set).
     */
    static void apply(LoggerContext context, UnaryOperator<String> settings) {
        ServiceLogConfiguration status = new ServiceLogConfiguration();
        status.setContext(context);
        // -Dlogback.debug=true: logback's status messages on the console, as with an XML configuration
        if (OptionHelper.toBoolean(OptionHelper.getSystemProperty("logback.debug", null), false)) {
            StatusListenerConfigHelper.addOnConsoleListenerInstance(context, new OnConsoleStatusListener());
        }

        DefaultShutdownHook hook = new DefaultShutdownHook();
        hook.setContext(context);
        new ContextUtil(context).addOrReplaceShutdownHook(hook);

        ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
        console.setContext(context);
        console.setName("STDOUT");
        console.setTarget(orDefault(settings.apply("RULEWORKS_LOG_TARGET"), "System.out"));
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setParent(console);
        encoder.setPattern(PATTERN);
        encoder.start();
        console.setEncoder(encoder);
        console.start();

        DropCountingAsyncAppender async = new DropCountingAsyncAppender();
        async.setContext(context);
        async.setName("ASYNC");
        status.number(settings, "RULEWORKS_LOG_QUEUE_SIZE", 8192, "queueSize", async::setQueueSize);
        status.number(settings, "RULEWORKS_LOG_DISCARDING_THRESHOLD", 1024, "discardingThreshold",
                async::setDiscardingThreshold);
        async.setNeverBlock(true);
        async.setMaxFlushTime(2000);
        async.addAppender(console);
        async.start();

        level(context.getLogger("ruleworks.access"), settings.apply("RULEWORKS_ACCESS_LOG_LEVEL"), "INFO");
        level(context.getLogger("ruleworks.events"), settings.apply("RULEWORKS_EVENT_LOG_LEVEL"), "INFO");
        context.getLogger("org.flywaydb").setLevel(Level.WARN);
        context.getLogger("com.zaxxer.hikari").setLevel(Level.WARN);
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        String rootLevel = orDefault(settings.apply("RULEWORKS_LOG_LEVEL"), "INFO");
        if (!OptionHelper.isNullOrEmptyOrAllSpaces(rootLevel)) {
            root.setLevel(Level.toLevel(rootLevel));
        }
        root.addAppender(async);
    }

    /** Joran's {@code <logger level="...">}: blank leaves the level, INHERITED or NULL clears it, unknown is DEBUG. */
    private static void level(Logger logger, String value, String otherwise) {
        String level = orDefault(value, otherwise);
        if (OptionHelper.isNullOrEmptyOrAllSpaces(level)) {
            return;
        }
        if ("INHERITED".equalsIgnoreCase(level) || "NULL".equalsIgnoreCase(level)) {
            logger.setLevel(null);
        } else {
            logger.setLevel(Level.toLevel(level));
        }
    }

    /** Joran's {@code <property>${NAME:-otherwise}</property>}: a value that is not an int is warned about and not set. */
    private void number(UnaryOperator<String> settings, String name, int otherwise, String property, IntConsumer setter) {
        String value = orDefault(settings.apply(name), String.valueOf(otherwise));
        try {
            setter.accept(Integer.parseInt(value.trim()));
        } catch (NumberFormatException e) {
            addWarn("Failed to set property [" + property + "] to value \"" + value + "\". ", e);
        }
    }

    private static String orDefault(String value, String otherwise) {
        return value != null ? value : otherwise;
    }
}
