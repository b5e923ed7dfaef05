package io.ruleworks.domain.template;

import io.ruleworks.domain.access.Permission;
import io.ruleworks.domain.rule.RuleDefinition;
import io.ruleworks.domain.rule.RuleDraft;
import io.ruleworks.domain.shared.TenantId;
import io.ruleworks.domain.shared.UnknownFieldPolicy;
import io.ruleworks.domain.shared.Violations;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A tenant's reusable rule blueprint: a rule's configuration plus the variables a user fills in
 * to create a rule from it. Every variable points at a field that exists in the configuration.
 * Its usage (count and last use) is kept by the store, which counts each use atomically.
 */
public final class AutomationTemplate {

    public static final String DEFAULT_VERSION = "1.0.0";
    public static final int MAX_NAME = 255;
    public static final int MAX_DESCRIPTION = 5_000;
    public static final int MAX_VARIABLES = 50;
    public static final int MAX_COMPATIBLE_VERSIONS = 20;
    public static final int MAX_VERSION = 50;
    private static final Pattern VERSION = Pattern.compile("^\\d{1,9}\\.\\d{1,9}\\.\\d{1,9}([-+][0-9A-Za-z.-]{1,30})?$");

    private final TemplateId id;
    private final TenantId tenant;
    private final String name;
    private final Optional<String> description;
    private final String category;
    private final Optional<String> icon;
    private final Map<String, Object> config;
    private final String version;
    private final Optional<String> author;
    private final List<String> compatibleVersions;
    private final List<String> requiredPermissions;
    private final long usageCount;
    private final Optional<Instant> lastUsed;
    private final List<TemplateVariable> variables;
    private final boolean active;
    private final boolean featured;
    private final Instant createdAt;
    private final Instant updatedAt;

    private AutomationTemplate(TemplateId id, TenantId tenant, String name, Optional<String> description,
                               String category, Optional<String> icon, Map<String, Object> config, String version,
                               Optional<String> author, List<String> compatibleVersions,
                               List<String> requiredPermissions, long usageCount, Optional<Instant> lastUsed,
                               List<TemplateVariable> variables, boolean active, boolean featured,
                               Instant createdAt, Instant updatedAt) {
        this.id = Objects.requireNonNull(id);
        this.tenant = Objects.requireNonNull(tenant);
        this.name = Objects.requireNonNull(name);
        this.description = Objects.requireNonNull(description);
        this.category = Objects.requireNonNull(category);
        this.icon = Objects.requireNonNull(icon);
        // Open JSON: a null value is a legal member, so no Map.copyOf (which rejects nulls).
        this.config = Collections.unmodifiableMap(new LinkedHashMap<>(config));
        this.version = Objects.requireNonNull(version);
        this.author = Objects.requireNonNull(author);
        this.compatibleVersions = List.copyOf(compatibleVersions);
        this.requiredPermissions = List.copyOf(requiredPermissions);
        this.usageCount = usageCount;
        this.lastUsed = Objects.requireNonNull(lastUsed);
        this.variables = List.copyOf(variables);
        this.active = active;
        this.featured = featured;
        this.createdAt = Objects.requireNonNull(createdAt);
        this.updatedAt = Objects.requireNonNull(updatedAt);
    }

    /**
     * A template of {@code source}'s configuration; throws a ValidationException listing every
     * problem, with paths as the client wrote them ({@code template_variables[1].rule_field_path}).
     */
    public static AutomationTemplate fromRule(TemplateId id, TenantId tenant, TemplateDraft d, RuleDefinition source,
                                              Optional<String> author, Clock clock) {
        Violations v = new Violations();
        String name = d.name() == null ? "" : d.name().strip();
        if (name.isEmpty() || name.length() > MAX_NAME) {
            v.add("template_name", "must be 1 to " + MAX_NAME + " characters");
        }
        d.description().filter(s -> s.length() > MAX_DESCRIPTION).ifPresent(s ->
                v.add("template_description", "must be at most " + MAX_DESCRIPTION + " characters"));
        String category = d.category() == null ? "" : d.category().strip();
        if (category.isEmpty() || category.length() > MAX_NAME) {
            v.add("category", "must be 1 to " + MAX_NAME + " characters");
        }
        d.icon().filter(s -> s.isBlank() || s.length() > MAX_NAME)
                .ifPresent(s -> v.add("icon", "must be 1 to " + MAX_NAME + " characters"));
        d.version().filter(s -> !VERSION.matcher(s).matches())
                .ifPresent(s -> v.add("version", "must be a semantic version such as 1.0.0"));
        List<String> compatible = d.compatibleVersions().orElse(List.of());
        if (compatible.size() > MAX_COMPATIBLE_VERSIONS) {
            v.add("compatible_versions", "must have at most " + MAX_COMPATIBLE_VERSIONS + " items");
        }
        for (int i = 0; i < compatible.size(); i++) {
            String c = compatible.get(i);
            if (c == null || c.isBlank() || c.length() > MAX_VERSION) {
                v.add(Violations.index("compatible_versions", i), "must be 1 to " + MAX_VERSION + " characters");
            }
        }
        Map<String, Object> config = TemplateConfig.of(source);
        List<TemplateVariable> variables = variables(d.variables(), config, v);
        v.throwIfAny();
        Instant now = clock.instant();
        return new AutomationTemplate(id, tenant, name, d.description(), category, d.icon(), config,
                d.version().orElse(DEFAULT_VERSION), author, compatible.stream().distinct().toList(),
                List.of(Permission.CREATE.wire()), 0, Optional.empty(), variables, true,
                d.isFeatured().orElse(false), now, now);
    }

    private static List<TemplateVariable> variables(List<TemplateVariable.Draft> drafts, Map<String, Object> config,
                                                    Violations v) {
        if (drafts.size() > MAX_VARIABLES) {
            v.add("template_variables", "must have at most " + MAX_VARIABLES + " items");
            return List.of();
        }
        List<TemplateVariable> variables = new ArrayList<>();
        Set<String> names = new HashSet<>();
        Map<FieldPath, String> paths = new HashMap<>();
        for (int i = 0; i < drafts.size(); i++) {
            String at = Violations.index("template_variables", i);
            Optional<TemplateVariable> parsed = TemplateVariable.parse(drafts.get(i), at, v);
            if (parsed.isEmpty()) {
                continue;
            }
            TemplateVariable variable = parsed.get();
            if (!names.add(variable.name())) {
                v.add(Violations.child(at, "variable_name"), "must be unique; " + variable.name() + " is used twice");
            } else if (!variable.path().existsIn(config)) {
                v.add(Violations.child(at, "rule_field_path"), "does not exist in the rule: " + variable.path());
            } else if (paths.containsKey(variable.path())) {
                v.add(Violations.child(at, "rule_field_path"), "is already filled by variable "
                        + paths.get(variable.path()));
            } else {
                paths.put(variable.path(), variable.name());
                variables.add(variable);
            }
        }
        return variables;
    }

    /** Rebuilds a stored template without revalidating anything. */
    public static AutomationTemplate reconstitute(TemplateId id, TenantId tenant, String name,
                                                  Optional<String> description, String category, Optional<String> icon,
                                                  Map<String, Object> config, String version, Optional<String> author,
                                                  List<String> compatibleVersions, List<String> requiredPermissions,
                                                  long usageCount, Optional<Instant> lastUsed,
                                                  List<TemplateVariable> variables, boolean active, boolean featured,
                                                  Instant createdAt, Instant updatedAt) {
        return new AutomationTemplate(id, tenant, name, description, category, icon, config, version, author,
                compatibleVersions, requiredPermissions, usageCount, lastUsed, variables, active, featured, createdAt,
                updatedAt);
    }

    /**
     * The rule draft this template yields for {@code values}: every value is checked against its
     * variable (problems reported as {@code variables.<name>}), a missing one takes the variable's
     * default, and a missing optional one without default leaves the template's own value. The
     * draft is then validated like any other rule.
     */
    public RuleDraft instantiate(Map<String, Object> values) {
        return instantiate(values, UnknownFieldPolicy.REFUSE);
    }

    /**
     * As {@link #instantiate(Map)}, a value for a name the template does not declare being refused
     * or ignored as {@code unknown} decides.
     */
    public RuleDraft instantiate(Map<String, Object> values, UnknownFieldPolicy unknown) {
        Violations v = new Violations();
        Map<String, TemplateVariable> byName = new LinkedHashMap<>();
        variables.forEach(variable -> byName.put(variable.name(), variable));
        values.keySet().stream().filter(k -> !byName.containsKey(k)).sorted()
                .map(k -> Violations.child("variables", k))
                .filter(field -> !unknown.tolerates(field))
                .forEach(field -> v.add(field, "is not a variable of this template"));
        Map<String, Object> filled = config;
        for (TemplateVariable variable : variables) {
            String field = Violations.child("variables", variable.name());
            Optional<Object> value = Optional.ofNullable(values.get(variable.name())).or(variable::defaultValue);
            if (value.isEmpty()) {
                if (variable.required()) {
                    v.add(field, "is required");
                }
                continue;
            }
            int before = v.asList().size();
            variable.check(value.get(), field, v);
            if (v.asList().size() == before) {
                filled = variable.path().set(filled, value.get());
            }
        }
        v.throwIfAny();
        Violations shape = new Violations();
        RuleDraft draft = TemplateConfig.toDraft(filled, shape);
        shape.throwIfAny();
        return draft;
    }

    public TemplateId id() {
        return id;
    }

    public TenantId tenant() {
        return tenant;
    }

    public String name() {
        return name;
    }

    public Optional<String> description() {
        return description;
    }

    public String category() {
        return category;
    }

    public Optional<String> icon() {
        return icon;
    }

    public Map<String, Object> config() {
        return config;
    }

    public String version() {
        return version;
    }

    public Optional<String> author() {
        return author;
    }

    public List<String> compatibleVersions() {
        return compatibleVersions;
    }

    public List<String> requiredPermissions() {
        return requiredPermissions;
    }

    public long usageCount() {
        return usageCount;
    }

    public Optional<Instant> lastUsed() {
        return lastUsed;
    }

    public List<TemplateVariable> variables() {
        return variables;
    }

    public boolean isActive() {
        return active;
    }

    public boolean isFeatured() {
        return featured;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Instant updatedAt() {
        return updatedAt;
    }
}
