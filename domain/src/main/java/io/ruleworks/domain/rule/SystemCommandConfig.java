package io.ruleworks.domain.rule;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * system_command: the command (an allowlisted name or path, resolved by the runner), its arguments
 * as text (a whole-value template rendered to a number or boolean is passed as its text), its own
 * timeout and working directory ({@code /} when absent).
 */
public record SystemCommandConfig(String command, List<String> args, Optional<Duration> timeout,
                                  Optional<String> workingDirectory) implements ActionConfig {

    public SystemCommandConfig {
        Objects.requireNonNull(command, "command");
        Objects.requireNonNull(args, "args");
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(workingDirectory, "workingDirectory");
    }

    /** The timeout of the process: the config's timeout_seconds when shorter than the action's. */
    public Duration timeout(Duration actionTimeout) {
        return RenderedConfig.shorter(timeout, actionTimeout);
    }

    static SystemCommandConfig of(RenderedConfig config) {
        return new SystemCommandConfig(config.shown("command"), config.texts("args"),
                config.seconds("timeout_seconds"),
                config.get("working_directory") instanceof String directory ? Optional.of(directory) : Optional.empty());
    }
}
