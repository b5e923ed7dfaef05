package io.ruleworks.domain.execution;

import io.ruleworks.domain.rule.DataType;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Coercion and comparison of JSON-like plain Java values (maps, lists, strings, numbers, booleans,
 * null), shared by the condition evaluator. Every method is pure and never throws on odd input:
 * a value that cannot be read as the asked type comes back empty.
 */
final class JsonValues {

    /** Longest string read as a number; longer ones are not numbers (guards BigDecimal parsing). */
    static final int MAX_NUMERIC_STRING = 400;
    /** Longest string read as a date. */
    static final int MAX_DATE_STRING = 64;

    private static final Pattern JSON_NUMBER = Pattern.compile("-?(?:0|[1-9][0-9]*)(?:\\.[0-9]+)?(?:[eE][+-]?[0-9]+)?");
    private static final BigDecimal LONG_MIN = BigDecimal.valueOf(Long.MIN_VALUE);
    private static final BigDecimal LONG_MAX = BigDecimal.valueOf(Long.MAX_VALUE);

    /** The ISO-8601 forms a date may take, most specific first. */
    private static final List<DateParser> DATE_PARSERS = List.of(
            text -> ZonedDateTime.parse(text).toInstant(),
            text -> LocalDateTime.parse(text).toInstant(ZoneOffset.UTC),
            text -> LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant());

    @FunctionalInterface
    private interface DateParser {
        Instant parse(String text);
    }

    private JsonValues() {
    }

    /** The JSON kind of a value, or empty for null and for Java types outside the JSON model. */
    static Optional<DataType> kindOf(Object value) {
        if (value instanceof String) {
            return Optional.of(DataType.STRING);
        }
        if (value instanceof Number) {
            return Optional.of(DataType.NUMBER);
        }
        if (value instanceof Boolean) {
            return Optional.of(DataType.BOOLEAN);
        }
        if (value instanceof List<?>) {
            return Optional.of(DataType.ARRAY);
        }
        if (value instanceof Map<?, ?>) {
            return Optional.of(DataType.OBJECT);
        }
        return Optional.empty();
    }

    /**
     * Reads a non-null value as {@code type}: string only from strings; number from numbers and
     * JSON-number strings (as BigDecimal); boolean from booleans and "true"/"false"; date from
     * ISO-8601 strings and integral epoch milliseconds (as Instant); array from lists; object
     * from maps.
     */
    static Optional<Object> coerce(Object value, DataType type) {
        return switch (type) {
            case STRING -> value instanceof String s ? Optional.of(s) : Optional.empty();
            case NUMBER -> toNumber(value).map(Object.class::cast);
            case BOOLEAN -> toBoolean(value).map(Object.class::cast);
            case DATE -> toInstant(value).map(Object.class::cast);
            case ARRAY -> value instanceof List<?> l ? Optional.of(l) : Optional.empty();
            case OBJECT -> value instanceof Map<?, ?> m ? Optional.of(m) : Optional.empty();
        };
    }

    static Optional<BigDecimal> toNumber(Object value) {
        if (value instanceof Number n) {
            return numberValue(n);
        }
        if (value instanceof String s && s.length() <= MAX_NUMERIC_STRING && JSON_NUMBER.matcher(s).matches()) {
            try {
                return Optional.of(new BigDecimal(s));
            } catch (NumberFormatException e) { // exponent out of int range
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    /** The exact decimal value of a number; doubles and floats by their shortest decimal form (0.1 is 0.1). */
    static Optional<BigDecimal> numberValue(Number n) {
        if (n instanceof BigDecimal d) {
            return Optional.of(d);
        }
        if (n instanceof BigInteger i) {
            return Optional.of(new BigDecimal(i));
        }
        if (n instanceof Integer || n instanceof Long || n instanceof Short || n instanceof Byte) {
            return Optional.of(BigDecimal.valueOf(n.longValue()));
        }
        if (n instanceof Double d) {
            return Double.isFinite(d) ? Optional.of(new BigDecimal(Double.toString(d))) : Optional.empty();
        }
        if (n instanceof Float f) {
            return Float.isFinite(f) ? Optional.of(new BigDecimal(Float.toString(f))) : Optional.empty();
        }
        try {
            return Optional.of(new BigDecimal(n.toString()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    static Optional<Boolean> toBoolean(Object value) {
        if (value instanceof Boolean b) {
            return Optional.of(b);
        }
        if ("true".equals(value)) {
            return Optional.of(Boolean.TRUE);
        }
        if ("false".equals(value)) {
            return Optional.of(Boolean.FALSE);
        }
        return Optional.empty();
    }

    /**
     * An instant from an ISO-8601 date ({@code 2026-01-31}, start of day UTC), local date-time
     * (UTC), date-time with offset or zone, or an integral number of epoch milliseconds.
     */
    static Optional<Instant> toInstant(Object value) {
        if (value instanceof Number n) {
            return numberValue(n).flatMap(JsonValues::epochMillis).map(Instant::ofEpochMilli);
        }
        if (!(value instanceof String s) || s.isEmpty() || s.length() > MAX_DATE_STRING) {
            return Optional.empty();
        }
        for (DateParser parser : DATE_PARSERS) {
            try {
                return Optional.of(parser.parse(s));
            } catch (DateTimeException e) {
                // not this form; try the next
            }
        }
        return Optional.empty();
    }

    private static Optional<Long> epochMillis(BigDecimal d) {
        if (d.compareTo(LONG_MIN) < 0 || d.compareTo(LONG_MAX) > 0) {
            return Optional.empty();
        }
        if (d.signum() != 0 && d.stripTrailingZeros().scale() > 0) {
            return Optional.empty();
        }
        return Optional.of(d.longValueExact());
    }

    /**
     * Deep equality of JSON-like values: numbers by decimal value (1 equals 1.0), strings and
     * booleans exactly, lists element by element in order, maps by equal key sets and values.
     */
    static boolean deepEquals(Object a, Object b) {
        if (a == null || b == null) {
            return a == b;
        }
        if (a instanceof Number x && b instanceof Number y) {
            Optional<BigDecimal> dx = numberValue(x);
            Optional<BigDecimal> dy = numberValue(y);
            return dx.isPresent() && dy.isPresent() ? dx.get().compareTo(dy.get()) == 0 : x.equals(y);
        }
        if (a instanceof List<?> x && b instanceof List<?> y) {
            if (x.size() != y.size()) {
                return false;
            }
            Iterator<?> ix = x.iterator();
            Iterator<?> iy = y.iterator();
            while (ix.hasNext()) {
                if (!deepEquals(ix.next(), iy.next())) {
                    return false;
                }
            }
            return true;
        }
        if (a instanceof Map<?, ?> x && b instanceof Map<?, ?> y) {
            if (x.size() != y.size()) {
                return false;
            }
            for (Map.Entry<?, ?> e : x.entrySet()) {
                if (!y.containsKey(e.getKey()) || !deepEquals(e.getValue(), y.get(e.getKey()))) {
                    return false;
                }
            }
            return true;
        }
        return Objects.equals(a, b);
    }
}
