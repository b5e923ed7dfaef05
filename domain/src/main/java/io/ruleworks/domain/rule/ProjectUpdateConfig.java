package io.ruleworks.domain.rule;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * project_update: the project and its changes, the PSA's project fields by their request names
 * (the named fields of the config over its free project_data).
 */
public record ProjectUpdateConfig(UUID projectId, Map<String, Object> changes) implements ActionConfig {

    public ProjectUpdateConfig {
        Objects.requireNonNull(projectId, "projectId");
        // a field may be set to null (assigned_to: unassign)
        changes = Collections.unmodifiableMap(new LinkedHashMap<>(changes));
    }
}
