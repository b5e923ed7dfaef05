package io.ruleworks.adapter.out.persistence.support;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Makes text storable in PostgreSQL (docs/reliability.md, "Values PostgreSQL cannot store"):
 * {@code text} and {@code jsonb} cannot hold U+0000, and JSON text with a lone UTF-16 surrogate
 * is refused. Every string written by this adapter — JSON values and keys, and the executions'
 * text columns — passes through here on its way to the database, so the rule is applied in one
 * place and the same way everywhere:
 * <ul>
 *   <li>U+0000 becomes the six characters {@code \u0000} (backslash, u, four zeros), readable
 *       as what it was;</li>
 *   <li>a lone surrogate (a high one not followed by a low one, or a low one without a high one
 *       before it) becomes U+FFFD, the replacement character; proper pairs are kept.</li>
 * </ul>
 * Nothing else changes; text without either is returned as the same object, so the common case
 * costs one scan and no copy.
 */
final class StorableText {

    static final String NUL_SPELLED_OUT = "\\u0000";
    static final char REPLACEMENT = '\uFFFD';

    private StorableText() {
    }

    /** {@code text} as PostgreSQL can store it; null stays null. */
    static String text(String text) {
        if (text == null) {
            return null;
        }
        int first = firstUnstorable(text);
        return first < 0 ? text : rewrite(text, first);
    }

    /**
     * A JSON-like value (maps, lists, strings, anything else left alone) with every string and
     * map key made storable; the same object when nothing needed it.
     */
    static Object value(Object value) {
        if (value instanceof String s) {
            return text(s);
        }
        if (value instanceof Map<?, ?> map) {
            return map(map);
        }
        if (value instanceof List<?> list) {
            return list(list);
        }
        return value;
    }

    private static Object map(Map<?, ?> map) {
        Map<Object, Object> copy = null;
        int seen = 0;
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            Object key = entry.getKey() instanceof String k ? text(k) : entry.getKey();
            Object item = value(entry.getValue());
            if (copy == null && (key != entry.getKey() || item != entry.getValue())) {
                copy = new LinkedHashMap<>();
                int n = 0;
                for (Map.Entry<?, ?> earlier : map.entrySet()) {
                    if (n++ == seen) {
                        break;
                    }
                    copy.put(earlier.getKey(), earlier.getValue());
                }
            }
            if (copy != null) {
                copy.put(key, item);
            }
            seen++;
        }
        return copy == null ? map : copy;
    }

    private static Object list(List<?> list) {
        List<Object> copy = null;
        for (int i = 0; i < list.size(); i++) {
            Object item = list.get(i);
            Object storable = value(item);
            if (copy == null && storable != item) {
                copy = new ArrayList<>(list.subList(0, i));
            }
            if (copy != null) {
                copy.add(storable);
            }
        }
        return copy == null ? list : copy;
    }

    /** Index of the first U+0000 or lone surrogate, or -1. */
    private static int firstUnstorable(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == 0) {
                return i;
            }
            if (Character.isSurrogate(c)) {
                if (Character.isHighSurrogate(c) && i + 1 < text.length()
                        && Character.isLowSurrogate(text.charAt(i + 1))) {
                    i++; // a proper pair
                } else {
                    return i;
                }
            }
        }
        return -1;
    }

    private static String rewrite(String text, int first) {
        StringBuilder out = new StringBuilder(text.length() + 8).append(text, 0, first);
        for (int i = first; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == 0) {
                out.append(NUL_SPELLED_OUT);
            } else if (Character.isHighSurrogate(c) && i + 1 < text.length()
                    && Character.isLowSurrogate(text.charAt(i + 1))) {
                out.append(c).append(text.charAt(++i));
            } else if (Character.isSurrogate(c)) {
                out.append(REPLACEMENT);
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
