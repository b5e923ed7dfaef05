package io.ruleworks.domain.execution;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A rendered action config and the variables its templates referred to but the context lacked
 * (each rendered as an empty string). The engine fails the action when any are missing.
 *
 * @param config           the rendered config; unmodifiable, values may be null as in JSON
 * @param missingVariables distinct missing variable names, in order of first appearance
 */
public record RenderResult(Map<String, Object> config, List<String> missingVariables) {

    public RenderResult {
        config = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(config, "config")));
        missingVariables = List.copyOf(Objects.requireNonNull(missingVariables, "missingVariables"));
    }

    /** Whether every variable the templates used was found. */
    public boolean complete() {
        return missingVariables.isEmpty();
    }
}
