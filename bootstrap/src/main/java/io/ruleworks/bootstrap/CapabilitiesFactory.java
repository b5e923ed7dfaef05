package io.ruleworks.bootstrap;

import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Value;
import io.ruleworks.domain.rule.ActionCapabilities;
import io.ruleworks.domain.rule.ActionType;
import jakarta.inject.Singleton;

import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What rules may do on this server (docs/decisions/0006): system_command only when
 * {@code ruleworks.system-command.enabled}, database_update only when a target database and at
 * least one table are configured; the allowlists come from the same settings, and the views
 * condition_based rules may read from {@code ruleworks.condition-sources.views}.
 */
@Factory
public class CapabilitiesFactory {

    @Singleton
    ActionCapabilities actionCapabilities(
            @Value("${ruleworks.system-command.enabled:false}") boolean commandsEnabled,
            @Value("${ruleworks.system-command.allowed-executables:}") List<String> executables,
            @Value("${ruleworks.system-command.allowed-working-directories:}") List<String> directories,
            @Value("${ruleworks.database-update.url:}") Optional<String> targetUrl,
            @Value("${ruleworks.condition-sources.views:}") List<String> conditionViews,
            List<DatabaseUpdateTable> tables) {
        Set<ActionType> disabled = EnumSet.noneOf(ActionType.class);
        if (!commandsEnabled) {
            disabled.add(ActionType.SYSTEM_COMMAND);
        }
        Map<String, Set<String>> allowlist = new LinkedHashMap<>();
        tables.forEach(t -> allowlist.put(t.getName(), Set.copyOf(t.getColumns())));
        if (targetUrl.filter(u -> !u.isBlank()).isEmpty() || allowlist.isEmpty()) {
            disabled.add(ActionType.DATABASE_UPDATE);
        }
        return new ActionCapabilities(disabled, allowlist, Set.copyOf(nonBlank(executables)),
                Set.copyOf(nonBlank(directories)), Set.copyOf(nonBlank(conditionViews)));
    }

    private static List<String> nonBlank(List<String> values) {
        return values.stream().filter(v -> !v.isBlank()).toList();
    }
}
