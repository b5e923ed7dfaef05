package io.ruleworks.bootstrap.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.CoreConstants;
import ch.qos.logback.core.status.Status;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The logging configured in code is the one logback.xml gave until 2026-12-08 (kept as the test
 * resource {@code logback-until-2026-12-08.xml}), with and without the {@code RULEWORKS_*} overrides,
 * and it steps aside for a configuration file.
 */
class ServiceLogConfigurationTest {

    private static final List<String> SETTINGS = List.of("RULEWORKS_LOG_TARGET", "RULEWORKS_LOG_LEVEL",
            "RULEWORKS_ACCESS_LOG_LEVEL", "RULEWORKS_EVENT_LOG_LEVEL", "RULEWORKS_LOG_QUEUE_SIZE",
            "RULEWORKS_LOG_DISCARDING_THRESHOLD");

    private final List<LoggerContext> contexts = new ArrayList<>();

    @AfterEach
    void stop() {
        contexts.forEach(LoggerContext::stop);
        SETTINGS.forEach(System::clearProperty);
    }

    @Test
    void by_default_every_line_goes_through_the_bounded_non_blocking_queue_to_standard_output() {
        LoggerContext context = context();
        ServiceLogConfiguration.apply(context, name -> null);

        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        assertThat(root.getLevel()).isEqualTo(Level.INFO);
        assertThat(context.getLogger("ruleworks.access").getLevel()).isEqualTo(Level.INFO);
        assertThat(context.getLogger("ruleworks.events").getLevel()).isEqualTo(Level.INFO);
        assertThat(context.getLogger("org.flywaydb").getLevel()).isEqualTo(Level.WARN);
        assertThat(context.getLogger("com.zaxxer.hikari").getLevel()).isEqualTo(Level.WARN);
        assertThat(root.getAppender("ASYNC")).isInstanceOfSatisfying(DropCountingAsyncAppender.class, async -> {
            assertThat(async.isStarted()).isTrue();
            assertThat(async.getQueueSize()).isEqualTo(8192);
            assertThat(async.getDiscardingThreshold()).isEqualTo(1024);
            assertThat(async.isNeverBlock()).isTrue();
            assertThat(async.getMaxFlushTime()).isEqualTo(2000);
            assertThat(async.getAppender("STDOUT")).isInstanceOfSatisfying(ConsoleAppender.class, console -> {
                assertThat(console.isStarted()).isTrue();
                assertThat(console.getTarget()).isEqualTo("System.out");
                assertThat(((PatternLayoutEncoder) console.getEncoder()).getPattern())
                        .isEqualTo("%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %-5level [%thread] %logger{36} - %msg %kvp%n");
            });
        });
        assertThat(context.getObject(CoreConstants.SHUTDOWN_HOOK_THREAD)).as("flushes the queue at exit").isNotNull();
        assertThat(errors(context)).isEmpty();
    }

    @Test
    void configured_as_the_former_logback_xml_was_by_default() throws Exception {
        assertThat(described(inCode())).isEqualTo(described(fromFormerXml()));
    }

    @Test
    void the_overrides_act_as_they_did_in_the_former_logback_xml() throws Exception {
        // CLI-style system properties; a level logback does not know (DEBUG), a size that does not parse
        Map<String, String> overrides = Map.of("RULEWORKS_LOG_TARGET", "System.err", "RULEWORKS_LOG_LEVEL", "warn",
                "RULEWORKS_ACCESS_LOG_LEVEL", "ERROR", "RULEWORKS_EVENT_LOG_LEVEL", "loud",
                "RULEWORKS_LOG_QUEUE_SIZE", "512", "RULEWORKS_LOG_DISCARDING_THRESHOLD", "many");
        overrides.forEach(System::setProperty);

        Map<String, Object> inCode = described(inCode());

        assertThat(inCode).isEqualTo(described(fromFormerXml()))
                .containsEntry("target", "System.err").containsEntry("root", Level.WARN)
                .containsEntry("ruleworks.access", Level.ERROR).containsEntry("ruleworks.events", Level.DEBUG)
                .containsEntry("queueSize", 512).containsEntry("discardingThreshold", 512 / 5)
                .containsEntry("settingsRefused", List.of("Failed to set property [discardingThreshold] to value \"many\". "));
    }

    @Test
    void registered_for_logback_and_stepping_aside_for_a_configuration_file() {
        assertThat(ServiceLoader.load(Configurator.class)).anyMatch(ServiceLogConfiguration.class::isInstance);
        // this test classpath has a logback-test.xml: logback's Joran configurator reads it, as before
        LoggerContext context = context();
        assertThat(new ServiceLogConfiguration().configure(context)).isEqualTo(Configurator.ExecutionStatus.INVOKE_NEXT_IF_ANY);
        assertThat(context.getLogger(Logger.ROOT_LOGGER_NAME).iteratorForAppenders().hasNext()).isFalse();
    }

    private LoggerContext inCode() {
        LoggerContext context = context();
        ServiceLogConfiguration.apply(context, ServiceLogConfiguration::setting);
        return context;
    }

    private LoggerContext fromFormerXml() throws Exception {
        LoggerContext context = context();
        JoranConfigurator joran = new JoranConfigurator();
        joran.setContext(context);
        joran.doConfigure(ServiceLogConfigurationTest.class.getResource("/logback-until-2026-12-08.xml"));
        return context;
    }

    private LoggerContext context() {
        LoggerContext context = new LoggerContext();
        contexts.add(context);
        return context;
    }

    /** What the configuration decides, in comparable form. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> described(LoggerContext context) {
        Map<String, Object> described = new LinkedHashMap<>();
        for (String logger : List.of(Logger.ROOT_LOGGER_NAME, "ruleworks.access", "ruleworks.events", "org.flywaydb",
                "com.zaxxer.hikari", "io.ruleworks")) {
            described.put(logger.equals(Logger.ROOT_LOGGER_NAME) ? "root" : logger, context.getLogger(logger).getLevel());
        }
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        List<String> rootAppenders = new ArrayList<>();
        root.iteratorForAppenders().forEachRemaining(a -> rootAppenders.add(a.getName() + ":" + a.getClass().getName()));
        described.put("rootAppenders", rootAppenders);
        DropCountingAsyncAppender async = (DropCountingAsyncAppender) root.getAppender("ASYNC");
        described.put("asyncStarted", async.isStarted());
        described.put("queueSize", async.getQueueSize());
        described.put("discardingThreshold", async.getDiscardingThreshold());
        described.put("neverBlock", async.isNeverBlock());
        described.put("maxFlushTime", async.getMaxFlushTime());
        List<String> attached = new ArrayList<>();
        async.iteratorForAppenders().forEachRemaining(a -> attached.add(a.getName() + ":" + a.getClass().getName()));
        described.put("asyncAppenders", attached);
        Appender<ILoggingEvent> stdout = async.getAppender("STDOUT");
        ConsoleAppender<ILoggingEvent> console = (ConsoleAppender<ILoggingEvent>) stdout;
        described.put("consoleStarted", console.isStarted());
        described.put("target", console.getTarget());
        described.put("pattern", ((PatternLayoutEncoder) console.getEncoder()).getPattern());
        described.put("shutdownHook", context.getObject(CoreConstants.SHUTDOWN_HOOK_THREAD) != null);
        described.put("errors", !errors(context).isEmpty());
        described.put("settingsRefused", context.getStatusManager().getCopyOfStatusList().stream()
                .filter(s -> s.getLevel() == Status.WARN && s.getMessage().startsWith("Failed to set property"))
                .map(Status::getMessage).toList());
        return described;
    }

    private static List<String> errors(LoggerContext context) {
        return context.getStatusManager().getCopyOfStatusList().stream()
                .filter(s -> s.getLevel() == Status.ERROR).map(Status::getMessage).toList();
    }
}
