package io.ruleworks.adapter.out.action.script;

import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.micronaut.json.JsonMapper;
import io.ruleworks.application.port.out.action.ActionFailedException;
import io.ruleworks.application.port.out.action.ActionRunner;
import io.ruleworks.domain.rule.ActionType;
import io.ruleworks.domain.rule.CustomScriptConfig;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * custom_script: runs a JavaScript function body in the GraalJS sandbox, in a pool of child JVMs
 * with a bounded heap (ADR 0005). The script gets the execution's template context as a frozen
 * {@code context} object and {@code environment_variables} as a frozen {@code env} object; the JSON
 * value it returns is the action's result (an object as it is, anything else as {@code {"value": x}}).
 * Script errors, syntax errors, timeouts and limits fail the action without retry.
 */
@Singleton
@Requires(property = "ruleworks.script.enabled", notEquals = "false")
public class CustomScriptRunner implements ActionRunner {

    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(300);

    private final JsonMapper json;
    private final ScriptProcessPool pool;

    public CustomScriptRunner(JsonMapper json,
                              @Value("${ruleworks.script.processes:2}") int processes,
                              @Value("${ruleworks.script.max-heap-mb:128}") int maxHeapMb,
                              @Value("${ruleworks.script.statement-limit:10000000}") long statementLimit,
                              @Value("${ruleworks.script.max-result-bytes:65536}") int maxResultBytes) {
        this.json = json;
        this.pool = new ScriptProcessPool(new ScriptProcessPool.Settings(processes, maxHeapMb, statementLimit,
                maxResultBytes));
    }

    @Override
    public ActionType type() {
        return ActionType.CUSTOM_SCRIPT;
    }

    @Override
    public Map<String, Object> run(Invocation invocation) throws InterruptedException {
        CustomScriptConfig config = invocation.typedConfig(CustomScriptConfig.class);
        if (!config.javascript()) {
            throw new ActionFailedException("SCRIPT_TYPE_UNSUPPORTED", "Only javascript scripts can run", false);
        }
        ScriptWire.Request request = new ScriptWire.Request(timeout(config.timeout(), invocation.timeout()).toMillis(),
                config.scriptContent(), write(invocation.templateContext()), write(config.environmentVariables()));
        ScriptOutcome outcome = pool.run(request, Duration.ofMillis(request.timeoutMillis()));
        if (!outcome.succeeded()) {
            // Only a lack of capacity is worth another attempt; the same script fails the same way again.
            throw new ActionFailedException(outcome.code(), outcome.payload(),
                    outcome.code().equals(ScriptProcessPool.SCRIPT_BUSY)
                            || outcome.code().equals(ScriptProcessPool.SCRIPT_UNAVAILABLE));
        }
        return result(outcome.payload());
    }

    /**
     * The script's own limit: its timeout_seconds (default 300 s), but ending a little before the
     * action's timeout so that the script's timeout, not the engine's, is reported.
     */
    static Duration timeout(Optional<Duration> configured, Duration actionTimeout) {
        Duration own = configured.orElse(DEFAULT_TIMEOUT);
        Duration margin = actionTimeout.dividedBy(10).compareTo(Duration.ofMillis(500)) < 0
                ? actionTimeout.dividedBy(10) : Duration.ofMillis(500);
        Duration cap = actionTimeout.minus(margin);
        return own.compareTo(cap) < 0 ? own : cap;
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (IOException e) {
            throw new ActionFailedException("SCRIPT_CONTEXT_INVALID", "The script's context cannot be written as JSON",
                    false, e);
        }
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> result(String text) {
        Object value;
        try {
            value = json.readValue(text, Object.class);
        } catch (IOException e) {
            throw new ActionFailedException(JavaScriptSandbox.SCRIPT_INTERNAL_ERROR, "The script's result is not JSON",
                    false, e);
        }
        if (value instanceof Map<?, ?> map) {
            return (Map<String, Object>) map;
        }
        Map<String, Object> wrapped = new LinkedHashMap<>();
        wrapped.put("value", value);
        return wrapped;
    }

    @PreDestroy
    void close() {
        pool.close();
    }
}
