package io.ruleworks.adapter.in.http.json;

import com.fasterxml.jackson.databind.JsonNode;
import io.ruleworks.domain.shared.FieldViolation;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds the values of a parsed JSON document that PostgreSQL cannot store, or could store only
 * altered, by the client's path: text (a value or a key) holding U+0000 or a lone UTF-16 surrogate
 * (the JSON escape of U+D800 alone decodes to one; UTF-8 has no encoding for it), and numbers outside
 * the range of an IEEE 754 double (beyond ±1.8e308, a non-zero nearer zero than 4.9e-324, or more
 * than {@value #MAX_SCALE} decimal places either way). Every entry point refuses such a body with
 * 400 at these paths; without the check it failed with 500 at the write, or was stored with "?".
 * A key that cannot be stored is shown in the path with its bad characters as JSON escapes.
 */
public final class StorableJson {

    public static final String NUL_MESSAGE = "must not contain the NUL character (U+0000)";
    public static final String SURROGATE_MESSAGE = "must not contain a lone UTF-16 surrogate (U+D800 to U+DFFF)";
    public static final String NUMBER_MESSAGE = "is a number out of range (beyond what a double holds)";
    static final int MAX_SCALE = 1000;

    private StorableJson() {
    }

    /** Every unstorable value or key in {@code node}, by path ("body" for the top itself). */
    public static List<FieldViolation> violations(JsonNode node) {
        List<FieldViolation> found = new ArrayList<>();
        walk(node, "", found);
        return found;
    }

    private static void walk(JsonNode node, String path, List<FieldViolation> found) {
        if (node.isTextual()) {
            problem(node.textValue()).ifPresent(message -> found.add(new FieldViolation(at(path), message)));
        } else if (node.isNumber()) {
            if (!inRange(node)) {
                found.add(new FieldViolation(at(path), NUMBER_MESSAGE));
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                walk(node.get(i), path + "[" + i + "]", found);
            }
        } else if (node.isObject()) {
            node.properties().forEach(member -> {
                String key = member.getKey();
                String child = (path.isEmpty() ? "" : path + ".") + printable(key);
                var keyProblem = problem(key);
                if (keyProblem.isPresent()) {
                    found.add(new FieldViolation(child, "is a key that " + keyProblem.get()));
                } else {
                    walk(member.getValue(), child, found);
                }
            });
        }
    }

    private static String at(String path) {
        return path.isEmpty() ? "body" : path;
    }

    /** Why {@code text} cannot be stored, if it cannot. */
    public static java.util.Optional<String> problem(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\0') {
                return java.util.Optional.of(NUL_MESSAGE);
            }
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return java.util.Optional.of(SURROGATE_MESSAGE);
            }
        }
        return java.util.Optional.empty();
    }

    private static boolean inRange(JsonNode number) {
        if (number.isInt() || number.isLong() || number.isShort()) {
            return true;
        }
        if (number.isDouble() || number.isFloat()) {
            return Double.isFinite(number.doubleValue());
        }
        BigDecimal value = number.decimalValue();
        if (value.signum() == 0) {
            return true; // Jackson reads any zero (0e-5000 too) as plain 0
        }
        double d = value.doubleValue();
        return !Double.isInfinite(d) && d != 0.0 && Math.abs(value.scale()) <= MAX_SCALE;
    }

    /** {@code key} with NUL and lone surrogates written as JSON escapes, so a path can show it. */
    static String printable(String key) {
        if (problem(key).isEmpty()) {
            return key;
        }
        StringBuilder out = new StringBuilder(key.length() + 8);
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            boolean pair = Character.isHighSurrogate(c) && i + 1 < key.length()
                    && Character.isLowSurrogate(key.charAt(i + 1));
            if (pair) {
                out.append(c).append(key.charAt(++i));
            } else if (c == '\0' || Character.isSurrogate(c)) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
