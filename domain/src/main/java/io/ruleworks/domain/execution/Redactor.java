package io.ruleworks.domain.execution;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Masks secret values wherever they would otherwise be recorded: action results, failure
 * messages, error stacks, log messages and dry-run renderings. Each occurrence of a secret value
 * in a string (map keys included) becomes {@value #MASK}; longer secrets are masked first so a
 * secret that contains another is masked whole. Values that are not strings pass unchanged.
 *
 * <p>A secret is only recognised verbatim: a transformed copy (base64 in a Basic authorization
 * header, URL-encoded, hashed) is not. Nothing the engine records holds such a transformed copy;
 * a peer that echoes one back in its response body is beyond what masking can catch.
 */
public final class Redactor {

    public static final String MASK = "[REDACTED]";

    /** Masks nothing. */
    public static final Redactor NONE = new Redactor(List.of());

    private final List<String> secrets;

    private Redactor(List<String> secrets) {
        this.secrets = secrets;
    }

    /** A redactor for these values; null and empty values are ignored (there is nothing to mask). */
    public static Redactor of(Collection<String> values) {
        List<String> secrets = new ArrayList<>();
        for (String value : values) {
            if (value != null && !value.isEmpty() && !secrets.contains(value)) {
                secrets.add(value);
            }
        }
        secrets.sort(Comparator.comparingInt(String::length).reversed());
        return secrets.isEmpty() ? NONE : new Redactor(List.copyOf(secrets));
    }

    public boolean masksNothing() {
        return secrets.isEmpty();
    }

    public String redact(String text) {
        if (text == null || secrets.isEmpty()) {
            return text;
        }
        String out = text;
        for (String secret : secrets) {
            if (out.contains(secret)) {
                out = out.replace(secret, MASK);
            }
        }
        return out;
    }

    /** A deep copy of a JSON-like value with every string masked; the same instance if nothing is secret. */
    public Object redactValue(Object value) {
        if (secrets.isEmpty()) {
            return value;
        }
        if (value instanceof String s) {
            return redact(s);
        }
        if (value instanceof Map<?, ?> map) {
            return redactMap(map);
        }
        if (value instanceof List<?> list) {
            List<Object> out = new ArrayList<>(list.size());
            list.forEach(item -> out.add(redactValue(item)));
            return Collections.unmodifiableList(out);
        }
        return value;
    }

    public Map<String, Object> redactMap(Map<?, ?> map) {
        Objects.requireNonNull(map, "map");
        if (secrets.isEmpty()) {
            Map<String, Object> same = new LinkedHashMap<>();
            map.forEach((k, v) -> same.put(String.valueOf(k), v));
            return Collections.unmodifiableMap(same);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        map.forEach((k, v) -> out.put(redact(String.valueOf(k)), redactValue(v)));
        return Collections.unmodifiableMap(out);
    }
}
