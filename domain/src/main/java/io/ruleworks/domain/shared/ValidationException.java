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
        details.put("errors", violations.stream()
                .map(v -> Map.of("field", v.field(), "message", v.message()))
                .toList());
        return details;
    }
}
