package io.ruleworks.domain.rule;

import io.ruleworks.domain.shared.FieldViolation;
import io.ruleworks.domain.shared.ValidationException;
import io.ruleworks.domain.shared.Violations;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What this server lets rules do, beyond the shape of their configs: the action types it has
 * switched off, the tables (and per table the columns) that database_update may write or filter
 * on, and the executables and working directories that system_command may use. Built from
 * configuration at start; applied to every rule a client saves (after
 * {@link RuleDefinition#from(RuleDraft)}) and to every rendered action config before it runs.
 *
 * <p>Values that hold a template are not checked at save time (they are not known yet); the
 * rendered config is checked again when the action runs.
 */
public record ActionCapabilities(Set<ActionType> disabledTypes, Map<String, Set<String>> tables,
                                 Set<String> executables, Set<String> workingDirectories,
                                 Set<String> conditionViews) {

    /** Capabilities without any view for condition_based sql_view sources. */
    public ActionCapabilities(Set<ActionType> disabledTypes, Map<String, Set<String>> tables,
                              Set<String> executables, Set<String> workingDirectories) {
        this(disabledTypes, tables, executables, workingDirectories, Set.of());
    }

    public ActionCapabilities {
        disabledTypes = disabledTypes.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(disabledTypes));
        Map<String, Set<String>> copy = new LinkedHashMap<>();
        tables.forEach((table, columns) -> copy.put(requireName(table), Set.copyOf(columns)));
        copy.values().forEach(columns -> columns.forEach(ActionCapabilities::requireName));
        tables = Collections.unmodifiableMap(copy);
        executables = Set.copyOf(executables);
        executables.forEach(e -> requireAbsolute(e, "allowed executable"));
        workingDirectories = Set.copyOf(workingDirectories);
        workingDirectories.forEach(d -> requireAbsolute(d, "allowed working directory"));
        conditionViews = Set.copyOf(conditionViews);
        conditionViews.forEach(view -> {
            if (!ConditionSource.IDENTIFIER.matcher(view).matches()) {
                throw new IllegalArgumentException("condition source views must be plain SQL identifiers: '" + view + "'");
            }
        });
    }

    public boolean isEnabled(ActionType type) {
        return !disabledTypes.contains(type);
    }

    /**
     * Checks every action of a rule a client saves: a disabled type throws
     * {@link ActionTypeDisabledException} (the first one, with its {@code actions[i].type} path);
     * otherwise every allowlist problem is thrown at once as a {@link ValidationException}.
     */
    public void check(RuleDefinition definition) {
        List<ActionSpec> actions = definition.actions();
        for (int i = 0; i < actions.size(); i++) {
            if (!isEnabled(actions.get(i).type())) {
                throw new ActionTypeDisabledException(actions.get(i).type(), Violations.index("actions", i) + ".type");
            }
        }
        List<FieldViolation> problems = new ArrayList<>(triggerProblems(definition));
        for (int i = 0; i < actions.size(); i++) {
            problems.addAll(problems(actions.get(i).type(), actions.get(i).config(),
                    Violations.index("actions", i) + ".config"));
        }
        if (!problems.isEmpty()) {
            throw new ValidationException(problems);
        }
    }

    /**
     * The allowlist problems of one action config under {@code path}; templated values are skipped.
     * Does not report a disabled type (see {@link #isEnabled(ActionType)}).
     */
    public List<FieldViolation> problems(ActionType type, Map<String, Object> config, String path) {
        Violations violations = new Violations();
        switch (type) {
            case DATABASE_UPDATE -> database(config, path, violations);
            case SYSTEM_COMMAND -> command(config, path, violations);
            default -> {
                // other types have no server-side allowlist
            }
        }
        return violations.asList();
    }

    /**
     * The allowlist problems of a rule's trigger: a condition_based rule's sql_view source must
     * name a view of {@link #conditionViews}.
     */
    public List<FieldViolation> triggerProblems(RuleDefinition definition) {
        if (definition.triggerConfig() instanceof ConditionTrigger trigger
                && trigger.source().orElse(null) instanceof ConditionSource.SqlView source
                && !conditionViews.contains(source.view())) {
            return List.of(new FieldViolation("trigger_config.source.view", conditionViews.isEmpty()
                    ? "is not allowed: no view is allowlisted for condition sources"
                    : "is not allowed: not one of the allowlisted views " + String.join(", ", sorted(conditionViews))));
        }
        return List.of();
    }

    /** Throws a {@link ValidationException} when {@link #triggerProblems} finds any. */
    public void checkTrigger(RuleDefinition definition) {
        List<FieldViolation> problems = triggerProblems(definition);
        if (!problems.isEmpty()) {
            throw new ValidationException(problems);
        }
    }

    /** The allowlisted spelling of a table, if {@code table} is one. */
    public Optional<String> table(String table) {
        return tables.containsKey(table) ? Optional.of(table) : Optional.empty();
    }

    /**
     * The allowlisted executable a system_command's {@code command} names: an allowlisted absolute
     * path itself, or a bare name that is the file name of exactly one allowlisted path. Never a
     * search of PATH.
     */
    public Optional<String> executable(String command) {
        if (command.startsWith("/")) {
            return executables.contains(command) ? Optional.of(command) : Optional.empty();
        }
        if (command.isEmpty() || command.contains("/")) {
            return Optional.empty();
        }
        List<String> named = executables.stream()
                .filter(e -> Path.of(e).getFileName() != null && Path.of(e).getFileName().toString().equals(command))
                .toList();
        return named.size() == 1 ? Optional.of(named.getFirst()) : Optional.empty();
    }

    /**
     * Whether a working directory lies inside an allowlisted one, judged on the normalised path
     * (so {@code /srv/jobs/../etc} is {@code /etc}). Symbolic links are resolved by the runner.
     */
    public boolean allowsWorkingDirectory(String directory) {
        if (!directory.startsWith("/")) {
            return false;
        }
        Path normalised = Path.of(directory).normalize();
        return workingDirectories.stream().anyMatch(allowed -> normalised.startsWith(Path.of(allowed).normalize()));
    }

    private void database(Map<String, Object> config, String path, Violations violations) {
        if (!(config.get("table") instanceof String table) || ActionConfigPolicy.isTemplated(table)) {
            return;
        }
        if (!tables.containsKey(table)) {
            violations.add(Violations.child(path, "table"), tables.isEmpty()
                    ? "is not allowed: no table is allowlisted for database_update"
                    : "is not allowed: not one of the allowlisted tables " + String.join(", ", sorted(tables.keySet())));
            return;
        }
        Set<String> columns = tables.get(table);
        for (String key : List.of("data", "conditions")) {
            if (config.get(key) instanceof Map<?, ?> map) {
                for (Object column : map.keySet()) {
                    if (!columns.contains(String.valueOf(column))) {
                        violations.add(Violations.child(path, key + "." + column), "is not an allowlisted column of "
                                + table + " (allowed: " + String.join(", ", sorted(columns)) + ")");
                    }
                }
            }
        }
    }

    private void command(Map<String, Object> config, String path, Violations violations) {
        if (config.get("command") instanceof String command && !ActionConfigPolicy.isTemplated(command)
                && executable(command).isEmpty()) {
            violations.add(Violations.child(path, "command"), executables.isEmpty()
                    ? "is not allowed: no executable is allowlisted for system_command"
                    : "is not an allowlisted executable (allowed: " + String.join(", ", sorted(executables)) + ")");
        }
        if (config.get("working_directory") instanceof String directory && !ActionConfigPolicy.isTemplated(directory)
                && !allowsWorkingDirectory(directory)) {
            violations.add(Violations.child(path, "working_directory"), workingDirectories.isEmpty()
                    ? "is not allowed: no working directory is allowlisted for system_command"
                    : "must be an absolute path inside an allowlisted directory ("
                    + String.join(", ", sorted(workingDirectories)) + ")");
        }
    }

    private static List<String> sorted(Set<String> names) {
        return names.stream().sorted().toList();
    }

    private static String requireName(String name) {
        Objects.requireNonNull(name, "name");
        if (name.isEmpty() || name.length() > ActionConfigPolicy.MAX_IDENTIFIER) {
            throw new IllegalArgumentException("allowlisted table and column names must be 1 to "
                    + ActionConfigPolicy.MAX_IDENTIFIER + " characters: '" + name + "'");
        }
        return name;
    }

    private static void requireAbsolute(String path, String what) {
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException(what + " must be an absolute path: '" + path + "'");
        }
    }
}
