package io.ruleworks.adapter.in.http.fieldvalidation;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * What a request's unknown fields (body members and query parameters the operation does not
 * declare) cause, as in Kubernetes' server-side field validation: {@code Strict} refuses them
 * with 400, {@code Warn} ignores each and names it in a {@code Warning: 299} response header,
 * {@code Ignore} drops them silently. Known fields are fully validated in every mode.
 */
public enum FieldValidation {
    STRICT("Strict"), WARN("Warn"), IGNORE("Ignore");

    /** The query parameter choosing the mode of one request (Kubernetes' name). */
    public static final String PARAMETER = "fieldValidation";
    /** The header choosing the mode of one request (the query parameter wins when both are given). */
    public static final String HEADER = "X-Ruleworks-Field-Validation";

    private final String wire;

    FieldValidation(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    /** {@code Strict}, {@code Warn} or {@code Ignore}, in any letter case. */
    public static Optional<FieldValidation> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String wanted = text.strip().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(v -> v.wire.toLowerCase(Locale.ROOT).equals(wanted)).findFirst();
    }

    public static String choices() {
        return "Strict, Warn or Ignore";
    }
}
