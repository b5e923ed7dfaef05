package io.ruleworks.domain.execution;

import com.samskivert.mustache.Mustache;
import com.samskivert.mustache.MustacheException;
import com.samskivert.mustache.MustacheParseException;
import com.samskivert.mustache.Template;
import io.ruleworks.domain.shared.ValidationException;
import io.ruleworks.domain.shared.Violations;

import java.io.Writer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Renders an action's config against an execution's template context with logic-less Mustache
 * (JMustache). Pure: the same config and context always give the same result.
 *
 * <h2>What is rendered</h2>
 * The config is walked recursively through maps and lists; every string <em>value</em> is
 * rendered as a template (map keys, numbers, booleans and nulls are kept as they are). Output is
 * never HTML-escaped: configs are JSON, not HTML, so {@code <b>&"} stays {@code <b>&"}.
 * <ul>
 * <li>A string that is exactly one variable tag ({@code "{{trigger.ticket.priority_id}}"},
 *     {@code "{{ x }}"}, {@code "{{{x}}}"}, {@code "{{& x}}"}) is replaced by the referenced value
 *     itself, keeping its JSON type: a number stays a number, a map stays a map, null stays null.
 *     A missing variable gives {@code ""}.</li>
 * <li>Any other string is rendered as text. Inside text a map or list is written as JSON, a null
 *     or missing variable as nothing.</li>
 * <li>Variables use dotted paths: map keys, and list indexes ({@code {{trigger.tags.0}}}).
 *     Sections ({@code {{#list}}...{{/list}}}, {@code {{^x}}...{{/x}}}) work as Mustache defines
 *     them; inside a section names resolve against the current element first, then outwards.
 *     Partials ({@code {{> name}}}) and template inheritance are not supported.</li>
 * <li>Only data is reachable: map entries and list elements. No Java method or field of a context
 *     object is ever called or read.</li>
 * </ul>
 *
 * <h2>Missing variables</h2>
 * A variable tag whose name resolves to nothing renders as {@code ""} and its name (as written in
 * the tag, relative to the section it sits in) is listed in
 * {@link RenderResult#missingVariables()}, once, in order of first appearance. A variable that
 * exists and holds null is not missing. A section over a missing name is simply skipped and not
 * listed: that is how a template says "optional".
 *
 * <h2>Context shape</h2>
 * <pre>
 * trigger    the execution's trigger data              {{trigger.ticket.id}}
 * actions    earlier actions' outcomes, keyed by the   {{actions.1.result.ticket_id}}
 *            action's 1-based order as a string:       {{actions.2.status}}
 *            "1" -&gt; {"result": {...}, "status": ...}
 * execution  id, rule_id, tenant, ...                  {{execution.id}}
 * rule       id, name                                  {{rule.name}}
 * secret     the tenant's secrets, by name             {{secret.PSA_TOKEN}}
 * </pre>
 * {@code secret} is reachable only one name at a time: {@code {{secret}}} on its own (or
 * {@code {{.}}} inside {@code {{#secret}}}) renders as nothing and is reported as a missing
 * variable {@code secret}, and a map brought in whole (e.g. the root through {@code {{.}}}) leaves
 * it out, so no template lists the secrets' names or values wholesale.
 *
 * <h2>Limits</h2>
 * Each is reported as a {@link ValidationException} naming the config path:
 * a string longer than {@value #MAX_TEMPLATE_LENGTH} characters; maps and lists nested deeper
 * than {@value #MAX_DEPTH} levels (in the config or in a value a single tag brings in);
 * a template that does not parse or uses partials; and, per {@code render} call, more than
 * {@value #MAX_OUTPUT_LENGTH} characters of rendered text or more than
 * {@value #MAX_SECTION_ITERATIONS} section repetitions (nested sections multiply).
 */
public final class TemplateRenderer {

    public static final int MAX_TEMPLATE_LENGTH = 100_000;
    public static final int MAX_DEPTH = 32;
    public static final int MAX_OUTPUT_LENGTH = 1_000_000;
    public static final int MAX_SECTION_ITERATIONS = 100_000;

    /** The path violations name when the caller gives none. */
    public static final String DEFAULT_PATH = "config";

    private static final String SECRET = "secret";
    private static final Pattern LIST_INDEX = Pattern.compile("0|[1-9][0-9]{0,8}");

    /** Renders {@code config}; violations name paths under {@value #DEFAULT_PATH}. */
    public RenderResult render(Map<String, Object> config, Map<String, Object> context) {
        return render(config, context, DEFAULT_PATH);
    }

    /**
     * Renders {@code config}; violations name paths under {@code path}, e.g.
     * {@code actions[2].config} gives {@code actions[2].config.body}.
     */
    public RenderResult render(Map<String, Object> config, Map<String, Object> context, String path) {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(context, "context");
        Objects.requireNonNull(path, "path");
        Session session = new Session(context);
        Map<String, Object> rendered = session.renderMap(config, path, 1);
        return new RenderResult(rendered, List.copyOf(session.missing));
    }

    /** The state of one {@code render} call: budgets, missing names and JMustache hooks. */
    private static final class Session implements Mustache.Collector, Mustache.Formatter {

        private final Map<String, Object> context;
        private final Mustache.Compiler compiler;
        private final Set<String> missing = new LinkedHashSet<>();
        private long outputLeft = MAX_OUTPUT_LENGTH;
        private int iterationsLeft = MAX_SECTION_ITERATIONS;
        /** Whether the last variable lookup found no value (as opposed to a value, possibly null). */
        private boolean lastLookupMissed;
        /** Set while a single-tag string renders: what its variable resolved to. */
        private Capture capture;

        Session(Map<String, Object> context) {
            this.context = guardSecrets(context);
            Mustache.Compiler base = Mustache.compiler()
                    .escapeHTML(false)
                    .defaultValue("")
                    .withFormatter(this)
                    .withCollector(this);
            this.compiler = new TrackingCompiler(base, this);
        }

        /** The context with its {@code secret} map, if any, reachable only by name. */
        private static Map<String, Object> guardSecrets(Map<String, Object> context) {
            if (!(context.get(SECRET) instanceof Map<?, ?> secrets)) {
                return context;
            }
            Map<String, Object> guarded = new LinkedHashMap<>(context);
            guarded.put(SECRET, new SecretValues(secrets));
            return guarded;
        }

        Map<String, Object> renderMap(Map<?, ?> map, String path, int depth) {
            checkDepth(path, depth);
            Map<String, Object> out = new LinkedHashMap<>();
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                String key = String.valueOf(entry.getKey());
                out.put(key, render(entry.getValue(), Violations.child(path, key), depth));
            }
            return Collections.unmodifiableMap(out);
        }

        private List<Object> renderList(List<?> list, String path, int depth) {
            checkDepth(path, depth);
            List<Object> out = new ArrayList<>(list.size());
            for (int i = 0; i < list.size(); i++) {
                out.add(render(list.get(i), Violations.index(path, i), depth));
            }
            return Collections.unmodifiableList(out);
        }

        /** Renders a value that sits inside a container at {@code depth}. */
        private Object render(Object value, String path, int depth) {
            if (value instanceof Map<?, ?> map) {
                return renderMap(map, path, depth + 1);
            }
            if (value instanceof List<?> list) {
                return renderList(list, path, depth + 1);
            }
            if (value instanceof String text) {
                return renderString(text, path, depth);
            }
            return value;
        }

        private Object renderString(String text, String path, int depth) {
            if (text.length() > MAX_TEMPLATE_LENGTH) {
                throw ValidationException.of(path, "is longer than " + MAX_TEMPLATE_LENGTH
                        + " characters, the limit for a template");
            }
            if (!text.contains("{{")) {
                return text;
            }
            Template template = compile(text, path);
            try {
                Shape shape = Shape.of(template);
                if (shape.usesPartials) {
                    throw ValidationException.of(path, "uses a partial or parent template ({{> name}} / {{< name}}),"
                            + " which templates here do not support");
                }
                return shape.singleVariable ? renderSingleVariable(template, path, depth) : renderText(template);
            } catch (LimitExceeded e) {
                throw ValidationException.of(path, e.getMessage());
            } catch (MustacheException e) {
                throw ValidationException.of(path, "could not be rendered: " + e.getMessage());
            }
        }

        private Template compile(String text, String path) {
            try {
                return compiler.compile(text);
            } catch (MustacheParseException e) {
                throw ValidationException.of(path, "is not a valid template: " + e.getMessage());
            } catch (RuntimeException e) { // the parser trips over some malformed tags, e.g. "{{}}"
                throw ValidationException.of(path, "is not a valid template: malformed tag");
            }
        }

        private String renderText(Template template) {
            lastLookupMissed = false;
            BudgetWriter out = new BudgetWriter();
            template.execute(context, out);
            return out.text.toString();
        }

        private Object renderSingleVariable(Template template, String path, int depth) {
            lastLookupMissed = false;
            capture = new Capture();
            try {
                template.execute(context, Writer.nullWriter());
                Capture result = capture;
                if (result.missing) {
                    return "";
                }
                return result.nullValue ? null : copy(result.value, path, depth);
            } finally {
                capture = null;
            }
        }

        /** A value brought in by a single tag, copied so the config never aliases the context. */
        private Object copy(Object value, String path, int depth) {
            if (value instanceof Map<?, ?> map) {
                checkDepth(path, depth + 1);
                Map<String, Object> out = new LinkedHashMap<>();
                for (Map.Entry<?, ?> entry : map.entrySet()) {
                    if (entry.getValue() instanceof SecretValues) {
                        continue;
                    }
                    String key = String.valueOf(entry.getKey());
                    out.put(key, copy(entry.getValue(), Violations.child(path, key), depth + 1));
                }
                return Collections.unmodifiableMap(out);
            }
            if (value instanceof List<?> list) {
                checkDepth(path, depth + 1);
                List<Object> out = new ArrayList<>(list.size());
                for (int i = 0; i < list.size(); i++) {
                    out.add(copy(list.get(i), Violations.index(path, i), depth + 1));
                }
                return Collections.unmodifiableList(out);
            }
            return value;
        }

        private static void checkDepth(String path, int depth) {
            if (depth > MAX_DEPTH) {
                throw ValidationException.of(path, "nests deeper than " + MAX_DEPTH + " levels");
            }
        }

        /** Called by JMustache when a variable tag resolves to null or to nothing. */
        void nullOrMissing(String name) {
            boolean isMissing = lastLookupMissed && !".".equals(name) && !"this".equals(name);
            lastLookupMissed = false;
            if (isMissing) {
                missing.add(name);
            }
            if (capture != null) {
                capture.missing = isMissing;
                capture.nullValue = !isMissing;
            }
        }

        // ---- Mustache.Formatter: how a value turns into text

        @Override
        public CharSequence format(Object value) {
            lastLookupMissed = false;
            if (value instanceof SecretValues) {
                missing.add(SECRET);
                if (capture != null) {
                    capture.missing = true;
                }
                return "";
            }
            if (capture != null && !capture.missing && !capture.nullValue) {
                capture.value = value;
                return "";
            }
            if (value == NullElement.INSTANCE) {
                return "";
            }
            if (value instanceof Map<?, ?> || value instanceof List<?>) {
                StringBuilder json = new StringBuilder();
                writeJson(value, json, 1);
                return json;
            }
            return String.valueOf(value);
        }

        /** Writes a map or list standing inside text as JSON. */
        private static void writeJson(Object value, StringBuilder out, int depth) {
            if (value instanceof Map<?, ?> map) {
                checkJsonDepth(depth);
                out.append('{');
                String separator = "";
                for (Map.Entry<?, ?> entry : map.entrySet()) {
                    if (entry.getValue() instanceof SecretValues) {
                        continue;
                    }
                    out.append(separator);
                    writeJsonString(String.valueOf(entry.getKey()), out);
                    out.append(':');
                    writeJson(entry.getValue(), out, depth + 1);
                    separator = ",";
                }
                out.append('}');
            } else if (value instanceof List<?> list) {
                checkJsonDepth(depth);
                out.append('[');
                String separator = "";
                for (Object element : list) {
                    out.append(separator);
                    writeJson(element, out, depth + 1);
                    separator = ",";
                }
                out.append(']');
            } else if (value == null) {
                out.append("null");
            } else if (value instanceof Double d && !Double.isFinite(d) || value instanceof Float f && !Float.isFinite(f)) {
                out.append("null");
            } else if (value instanceof Number || value instanceof Boolean) {
                out.append(value);
            } else {
                writeJsonString(String.valueOf(value), out);
            }
        }

        private static void checkJsonDepth(int depth) {
            if (depth > MAX_DEPTH) {
                throw new LimitExceeded("inserts a value nested deeper than " + MAX_DEPTH + " levels");
            }
        }

        private static void writeJsonString(String text, StringBuilder out) {
            out.append('"');
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                switch (c) {
                    case '"' -> out.append("\\\"");
                    case '\\' -> out.append("\\\\");
                    case '\n' -> out.append("\\n");
                    case '\r' -> out.append("\\r");
                    case '\t' -> out.append("\\t");
                    default -> {
                        if (c < 0x20) {
                            out.append(String.format("\\u%04x", (int) c));
                        } else {
                            out.append(c);
                        }
                    }
                }
            }
            out.append('"');
        }

        // ---- Mustache.Collector: only map entries and list elements are reachable, only lists repeat

        @Override
        public Mustache.VariableFetcher createFetcher(Object ctx, String name) {
            return (target, key) -> {
                Object value = lookUp(target, key);
                lastLookupMissed = value == Template.NO_FETCHER_FOUND;
                return value;
            };
        }

        private static Object lookUp(Object target, String key) {
            if (target instanceof SecretValues secrets) {
                return secrets.values().containsKey(key) ? secrets.values().get(key) : Template.NO_FETCHER_FOUND;
            }
            if (target instanceof Map<?, ?> map) {
                return map.containsKey(key) ? map.get(key) : Template.NO_FETCHER_FOUND;
            }
            if (target instanceof List<?> list && LIST_INDEX.matcher(key).matches()) {
                int index = Integer.parseInt(key);
                return index < list.size() ? list.get(index) : Template.NO_FETCHER_FOUND;
            }
            return Template.NO_FETCHER_FOUND;
        }

        @Override
        public Iterator<?> toIterator(Object value) {
            if (!(value instanceof List<?> list)) {
                return null;
            }
            Iterator<?> inner = list.iterator();
            return new Iterator<Object>() {
                @Override
                public boolean hasNext() {
                    return inner.hasNext();
                }

                @Override
                public Object next() {
                    if (--iterationsLeft < 0) {
                        throw new LimitExceeded("repeats template sections more than " + MAX_SECTION_ITERATIONS
                                + " times in one render");
                    }
                    Object element = inner.next();
                    return element == null ? NullElement.INSTANCE : element;
                }
            };
        }

        @Override
        public <K, V> Map<K, V> createFetcherCache() {
            return new HashMap<>();
        }

        /** Collects rendered text, failing once the render call's output budget is spent. */
        private final class BudgetWriter extends Writer {
            private final StringBuilder text = new StringBuilder();

            @Override
            public void write(char[] buffer, int offset, int length) {
                spend(length);
                text.append(buffer, offset, length);
            }

            @Override
            public void write(String string, int offset, int length) {
                spend(length);
                text.append(string, offset, offset + length);
            }

            private void spend(int length) {
                outputLeft -= length;
                if (outputLeft < 0) {
                    throw new LimitExceeded("renders more than " + MAX_OUTPUT_LENGTH + " characters in one render");
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        }
    }

    /** JMustache's compiler, reporting every variable that resolves to null or nothing to the session. */
    private static final class TrackingCompiler extends Mustache.Compiler {
        private final Session session;

        TrackingCompiler(Mustache.Compiler base, Session session) {
            super(base.standardsMode, base.strictSections, base.nullValue, base.missingIsNull,
                    base.emptyStringIsFalse, base.zeroIsFalse, base.formatter, base.escaper, base.loader,
                    base.collector, base.delims);
            this.session = session;
        }

        @Override
        public String computeNullValue(String name) {
            session.nullOrMissing(name);
            return "";
        }
    }

    /**
     * The tenant's secrets inside a render: not a map, so that nothing that writes maps (a single
     * tag, JSON inside text) can write them; {@link Session#lookUp} reads one by name.
     */
    private record SecretValues(Map<?, ?> values) {
        @Override
        public String toString() {
            return "";
        }
    }

    /** What a single-tag string's variable resolved to. */
    private static final class Capture {
        private Object value;
        private boolean missing;
        private boolean nullValue;
    }

    /**
     * Stands in for a null list element inside a section (JMustache fails on a null context): it
     * holds no names, so lookups fall through to the enclosing context, and it renders as "".
     */
    private enum NullElement {
        INSTANCE
    }

    /** The tags a compiled template consists of. */
    private record Shape(boolean singleVariable, boolean usesPartials) {

        static Shape of(Template template) {
            int[] variables = {0};
            int[] others = {0};
            boolean[] partials = {false};
            template.visit(new Mustache.Visitor() {
                @Override
                public void visitText(String text) {
                    others[0]++;
                }

                @Override
                public void visitVariable(String name) {
                    variables[0]++;
                }

                @Override
                public boolean visitInclude(String name) {
                    partials[0] = true;
                    return false;
                }

                @Override
                public boolean visitParent(String name) {
                    partials[0] = true;
                    return false;
                }

                @Override
                public boolean visitBlock(String name) {
                    others[0]++;
                    return true;
                }

                @Override
                public boolean visitSection(String name) {
                    others[0]++;
                    return true;
                }

                @Override
                public boolean visitInvertedSection(String name) {
                    others[0]++;
                    return true;
                }
            });
            return new Shape(variables[0] == 1 && others[0] == 0, partials[0]);
        }
    }

    /** A per-render limit was hit; becomes a ValidationException naming the config path. */
    private static final class LimitExceeded extends RuntimeException {
        LimitExceeded(String message) {
            super(message, null, false, false);
        }
    }
}
