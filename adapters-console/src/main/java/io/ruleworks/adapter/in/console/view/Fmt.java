package io.ruleworks.adapter.in.console.view;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Formatting for the templates. Everything returns plain text: the templates escape it on output,
 * so nothing here needs to (or may) produce markup.
 */
public final class Fmt {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
            .withZone(ZoneOffset.UTC);
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private Fmt() {
    }

    public static String time(Instant instant) {
        return instant == null ? "—" : TIME.format(instant);
    }

    public static String time(Optional<Instant> instant) {
        return instant.map(Fmt::time).orElse("—");
    }

    public static String millis(Optional<Long> ms) {
        return ms.map(Fmt::millis).orElse("—");
    }

    public static String millis(long ms) {
        return ms < 10_000 ? ms + " ms" : String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
    }

    public static String millisD(Optional<Double> ms) {
        return ms.map(m -> millis(Math.round(m))).orElse("—");
    }

    public static String percent(Optional<Double> value) {
        return value.map(v -> String.format(Locale.ROOT, "%.1f %%", v)).orElse("—");
    }

    public static String percent(double value) {
        return String.format(Locale.ROOT, "%.1f %%", value);
    }

    /** Any value as indented JSON (Optional unwrapped; a value that cannot be written as its string). */
    public static String json(Object value) {
        Object plain = value instanceof Optional<?> o ? o.orElse(null) : value;
        try {
            return JSON.writeValueAsString(plain);
        } catch (JsonProcessingException e) {
            return String.valueOf(plain);
        }
    }

    /** A scalar shown as itself, anything else as compact JSON. */
    public static String value(Object value) {
        Object plain = value instanceof Optional<?> o ? o.orElse(null) : value;
        if (plain == null) {
            return "—";
        }
        if (plain instanceof String || plain instanceof Number || plain instanceof Boolean) {
            return plain.toString();
        }
        try {
            return JSON.copy().disable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(plain);
        } catch (JsonProcessingException e) {
            return String.valueOf(plain);
        }
    }

    public static String str(Optional<?> value) {
        return value.map(String::valueOf).orElse("—");
    }

    public static String url(String value) {
        return URLEncoder.encode(value == null ? "" : value, StandardCharsets.UTF_8);
    }

    /** {@code base} with the query parameters that have a non-empty value (in the order given). */
    public static String link(String base, Object... keysAndValues) {
        Map<String, String> params = new LinkedHashMap<>();
        for (int i = 0; i + 1 < keysAndValues.length; i += 2) {
            Object v = keysAndValues[i + 1];
            String s = v instanceof Optional<?> o ? o.map(String::valueOf).orElse("") : v == null ? "" : v.toString();
            if (!s.isEmpty()) {
                params.put(keysAndValues[i].toString(), s);
            }
        }
        StringBuilder sb = new StringBuilder(base);
        char sep = base.contains("?") ? '&' : '?';
        for (var e : params.entrySet()) {
            sb.append(sep).append(url(e.getKey())).append('=').append(url(e.getValue()));
            sep = '&';
        }
        return sb.toString();
    }

    /** How many a page counted: "1,234", or "10,000+" when counting stopped at a cap. */
    public static String total(io.ruleworks.domain.shared.Page<?> page) {
        return String.format(java.util.Locale.ROOT, "%,d", page.total()) + (page.totalCapped() ? "+" : "");
    }

    /** "Page 3 of 12", or "Page 3 of 400+" when the count stopped at a cap. */
    public static String pageOf(io.ruleworks.domain.shared.Page<?> page) {
        return "Page " + page.request().page() + " of " + Math.max(1, page.totalPages()) + (page.totalCapped() ? "+" : "");
    }

    public static String shortId(Object id) {
        String s = String.valueOf(id);
        return s.length() > 8 ? s.substring(0, 8) : s;
    }
}
