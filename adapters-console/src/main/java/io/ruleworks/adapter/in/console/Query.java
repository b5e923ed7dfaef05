package io.ruleworks.adapter.in.console;

import io.micronaut.http.HttpParameters;
import io.ruleworks.domain.shared.PageRequest;
import io.ruleworks.domain.shared.Violations;
import io.ruleworks.domain.shared.WireEnum;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.UUID;

/**
 * A console page's query string: empty fields (as a form submits them) count as absent, anything
 * else is parsed to its type, and every bad value is reported with its name (400 page).
 */
final class Query {

    static final int MAX_TEXT = 255;
    static final int PAGE_SIZE = 25;

    private final HttpParameters parameters;
    private final Violations violations = new Violations();

    Query(HttpParameters parameters) {
        this.parameters = parameters;
    }

    Optional<String> text(String name) {
        Optional<String> value = Optional.ofNullable(parameters.get(name)).map(String::strip).filter(s -> !s.isEmpty());
        if (value.isPresent() && (value.get().length() > MAX_TEXT || value.get().indexOf('\0') >= 0)) {
            violations.add(name, "must be at most " + MAX_TEXT + " characters");
            return Optional.empty();
        }
        return value;
    }

    <E extends Enum<E> & WireEnum> Optional<E> oneOf(String name, Class<E> type) {
        Optional<String> raw = text(name);
        Optional<E> value = raw.flatMap(r -> WireEnum.parse(type, r));
        if (raw.isPresent() && value.isEmpty()) {
            violations.add(name, "must be one of " + String.join(", ", WireEnum.values(type)));
        }
        return value;
    }

    Optional<UUID> uuid(String name) {
        Optional<String> raw = text(name);
        try {
            return raw.map(UUID::fromString);
        } catch (IllegalArgumentException e) {
            violations.add(name, "must be a UUID");
            return Optional.empty();
        }
    }

    /** A date (yyyy-MM-dd, as a date input sends it) as the start of that UTC day, plus {@code days}. */
    Optional<Instant> day(String name, int days) {
        Optional<String> raw = text(name);
        try {
            return raw.map(r -> LocalDate.parse(r).plusDays(days).atStartOfDay().toInstant(ZoneOffset.UTC));
        } catch (DateTimeParseException e) {
            violations.add(name, "must be a date such as 2026-01-31");
            return Optional.empty();
        }
    }

    PageRequest page() {
        Optional<String> raw = text("page");
        int page = 1;
        if (raw.isPresent()) {
            try {
                page = Integer.parseInt(raw.get());
            } catch (NumberFormatException e) {
                page = 0;
            }
            if (page < 1 || page > PageRequest.MAX_PAGE) {
                violations.add("page", "must be a number from 1 to " + PageRequest.MAX_PAGE);
                page = 1;
            }
        }
        return new PageRequest(page, PAGE_SIZE);
    }

    void validate() {
        violations.throwIfAny();
    }
}
