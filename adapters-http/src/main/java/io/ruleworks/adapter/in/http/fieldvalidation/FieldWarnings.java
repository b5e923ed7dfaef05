package io.ruleworks.adapter.in.http.fieldvalidation;

import io.micronaut.http.context.ServerRequestContext;
import io.ruleworks.domain.shared.FieldViolation;
import io.ruleworks.domain.shared.ValidationException;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The field validation of one request: its mode and the warnings collected while its body and
 * query were read, written as {@code Warning: 299} headers by {@link FieldValidationFilter}.
 * Readers find it with {@link #current()}; outside a request (unit tests) it is a strict one.
 */
public final class FieldWarnings {

    /** The request attribute holding this request's instance. */
    public static final String ATTRIBUTE = FieldWarnings.class.getName();
    /** Headers written at most; beyond, one more says how many were left out. */
    public static final int MAX_HEADERS = 20;

    private final FieldValidation mode;
    private final List<String> warnings = new ArrayList<>();

    public FieldWarnings(FieldValidation mode) {
        this.mode = mode;
    }

    /** The instance of the request being served, or a strict one when there is none. */
    public static FieldWarnings current() {
        return ServerRequestContext.currentRequest()
                .flatMap(r -> r.getAttribute(ATTRIBUTE, FieldWarnings.class))
                .orElseGet(() -> new FieldWarnings(FieldValidation.STRICT));
    }

    public FieldValidation mode() {
        return mode;
    }

    /**
     * Deals with fields the operation does not know: in Strict mode throws a ValidationException
     * naming each ({@code message} as its reason), otherwise remembers a warning per field (Warn)
     * or nothing (Ignore) and returns, so that the caller drops them.
     */
    public void unknown(Collection<String> fields, String kind, String message) {
        if (fields.isEmpty()) {
            return;
        }
        if (mode == FieldValidation.STRICT) {
            throw new ValidationException(fields.stream().map(f -> new FieldViolation(f, message)).toList());
        }
        fields.forEach(f -> warn("unknown " + kind + " \"" + f + "\""));
    }

    /** Remembers {@code text} as a warning, unless the mode is Ignore. */
    public synchronized void warn(String text) {
        if (mode != FieldValidation.IGNORE && !warnings.contains(text)) {
            warnings.add(text);
        }
    }

    public synchronized List<String> warnings() {
        return List.copyOf(warnings);
    }

    /**
     * The values of the Warning headers: {@code 299 - "text"} (RFC 7234 section 5.5 as Kubernetes
     * writes it), the text as a quoted-string with every character outside printable ASCII
     * escaped as {@code \\uXXXX}, at most {@link #MAX_HEADERS} of them.
     */
    public synchronized List<String> headerValues() {
        List<String> values = new ArrayList<>();
        int shown = warnings.size() > MAX_HEADERS ? MAX_HEADERS - 1 : warnings.size();
        for (int i = 0; i < shown; i++) {
            values.add(headerValue(warnings.get(i)));
        }
        if (shown < warnings.size()) {
            values.add(headerValue((warnings.size() - shown) + " more warnings left out"));
        }
        return values;
    }

    static String headerValue(String text) {
        String shortened = text.length() > 300 ? text.substring(0, 300) + "..." : text;
        StringBuilder quoted = new StringBuilder("299 - \"");
        for (char c : shortened.toCharArray()) {
            if (c == '"' || c == '\\') {
                quoted.append('\\').append(c);
            } else if (c < 0x20 || c > 0x7E) {
                quoted.append(String.format("\\\\u%04x", (int) c));
            } else {
                quoted.append(c);
            }
        }
        return quoted.append('"').toString();
    }
}
