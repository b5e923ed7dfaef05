package io.ruleworks.domain.shared;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Input that the domain refuses, with every offending field path. */
public final class ValidationException extends DomainException {

    public static final String CODE = "VALIDATION_ERROR";

    private final List<FieldViolation> violations;

    public ValidationException(List<FieldViolation> violations) {
        super(CODE, summary(violations), details(violations));
        this.violations = List.copyOf(violations);
    }

    public static ValidationException of(String field, String message) {
        return new ValidationException(List.of(new FieldViolation(field, message)));
    }

    public List<FieldViolation> violations() {
        return violations;
    }

    private static String summary(List<FieldViolation> violations) {
        if (violations.isEmpty()) {
            throw new IllegalArgumentException("a validation failure needs at least one violation");
        }
        FieldViolation first = violations.getFirst();
        String more = violations.size() > 1 ? " (and " + (violations.size() - 1) + " more)" : "";
        return "Validation failed: " + first.field() + " " + first.message() + more;
    }

    private static Map<String, Object> details(List<FieldViolation> violations) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("field", violations.getFirst().field());
        details.put("errors", violations.stream().map(ValidationException::issue).toList());
        return details;
    }

    /**
     * One violation as {@code {field, message, code, path}}: our field path, and what a zod issue
     * (Alga PSA's validation errors) carries, its code and its path as a list of keys and indexes.
     */
    private static Map<String, Object> issue(FieldViolation v) {
        Map<String, Object> issue = new LinkedHashMap<>();
        issue.put("field", v.field());
        issue.put("message", v.message());
        issue.put("code", v.code());
        issue.put("path", pathOf(v.field()));
        return issue;
    }

    /** {@code actions[1].config.url} as {@code ["actions", 1, "config", "url"]}; {@code body} (the whole body) as []. */
    static List<Object> pathOf(String field) {
        List<Object> path = new java.util.ArrayList<>();
        if (field.equals("body")) {
            return path;
        }
        java.util.regex.Matcher m = PATH_STEP.matcher(field);
        while (m.find()) {
            if (m.group(1) != null) {
                path.add(Integer.parseInt(m.group(1)));
            } else if (!m.group(2).isEmpty()) {
                path.add(m.group(2));
            }
        }
        return path;
    }

    private static final java.util.regex.Pattern PATH_STEP = java.util.regex.Pattern.compile("\\[(\\d{1,9})]|([^.\\[]+)");
}
