package io.ruleworks.domain.hook;

import io.ruleworks.domain.shared.DomainException;

import java.util.Map;

/**
 * An inbound hook delivery was refused. The kind says how a transport reports it (unauthenticated,
 * not found, replayed, malformed); the code says precisely why.
 */
public final class HookRejectedException extends DomainException {

    public enum Kind { UNAUTHENTICATED, NOT_FOUND, REPLAYED, MALFORMED }

    public static final String SIGNATURE_MISSING = "HOOK_SIGNATURE_MISSING";
    public static final String SIGNATURE_INVALID = "HOOK_SIGNATURE_INVALID";
    public static final String TIMESTAMP_INVALID = "HOOK_TIMESTAMP_INVALID";
    public static final String TIMESTAMP_OUT_OF_WINDOW = "HOOK_TIMESTAMP_OUT_OF_WINDOW";
    public static final String DELIVERY_ID_MISSING = "HOOK_DELIVERY_ID_MISSING";
    public static final String DELIVERY_ID_INVALID = "HOOK_DELIVERY_ID_INVALID";
    public static final String BODY_NOT_JSON_OBJECT = "HOOK_BODY_NOT_JSON_OBJECT";
    public static final String BODY_INVALID = "HOOK_BODY_INVALID";
    public static final String NOT_FOUND = "HOOK_NOT_FOUND";
    public static final String DELIVERY_REPLAYED = "HOOK_DELIVERY_REPLAYED";

    private final Kind kind;

    public HookRejectedException(Kind kind, String code, String message, Map<String, Object> details) {
        super(code, message, details);
        this.kind = kind;
    }

    public HookRejectedException(Kind kind, String code, String message) {
        this(kind, code, message, Map.of());
    }

    public Kind kind() {
        return kind;
    }
}
