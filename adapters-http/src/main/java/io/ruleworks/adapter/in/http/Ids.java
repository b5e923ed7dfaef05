package io.ruleworks.adapter.in.http;

import io.ruleworks.domain.shared.ValidationException;

import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/** Parses UUIDs from paths and queries strictly (canonical 8-4-4-4-12 hex form only). */
public final class Ids {

    private static final Pattern UUID_TEXT =
            Pattern.compile("^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$");

    private Ids() {
    }

    public static Optional<UUID> parse(String text) {
        return text != null && UUID_TEXT.matcher(text).matches() ? Optional.of(UUID.fromString(text)) : Optional.empty();
    }

    public static UUID require(String field, String text) {
        return parse(text).orElseThrow(() -> ValidationException.of(field, "must be a UUID"));
    }
}
