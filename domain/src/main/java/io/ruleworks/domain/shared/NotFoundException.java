package io.ruleworks.domain.shared;

import java.util.Map;

/** The record does not exist for the caller's tenant (another tenant's record is indistinguishable). */
public final class NotFoundException extends DomainException {

    public static final String CODE = "NOT_FOUND";

    public NotFoundException(String resource, Object id) {
        super(CODE, resource + " not found", Map.of("resource", resource, "id", String.valueOf(id)));
    }
}
