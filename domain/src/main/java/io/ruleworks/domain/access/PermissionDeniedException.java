package io.ruleworks.domain.access;

import io.ruleworks.domain.shared.DomainException;

import java.util.Map;

/** The caller is authenticated but its key lacks the permission the operation needs. */
public final class PermissionDeniedException extends DomainException {

    public static final String CODE = "FORBIDDEN";

    public PermissionDeniedException(Permission missing) {
        super(CODE, "API key lacks the " + missing.wire() + " permission",
                Map.of("required_permission", missing.wire()));
    }

    public PermissionDeniedException(String message, Map<String, Object> details) {
        super(CODE, message, details);
    }
}
