package io.ruleworks.domain.rule;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * custom_script: the script's language (only javascript runs), its code, its own timeout (the
 * runner's default when absent) and the environment_variables it sees as {@code env} (none when absent).
 */
public record CustomScriptConfig(String scriptType, String scriptContent, Optional<Duration> timeout,
                                 Map<String, Object> environmentVariables) implements ActionConfig {

    public static final String JAVASCRIPT = "javascript";

    public CustomScriptConfig {
        Objects.requireNonNull(scriptType, "scriptType");
        Objects.requireNonNull(scriptContent, "scriptContent");
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(environmentVariables, "environmentVariables");
    }

    public boolean javascript() {
        return JAVASCRIPT.equals(scriptType);
    }

    static CustomScriptConfig of(RenderedConfig config) {
        return new CustomScriptConfig(config.shown("script_type"),
                config.shown("script_content"), config.seconds("timeout_seconds"),
                config.objectView("environment_variables"));
    }
}
