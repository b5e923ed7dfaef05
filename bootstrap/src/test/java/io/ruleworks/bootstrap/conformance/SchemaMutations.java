package io.ruleworks.bootstrap.conformance;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.UnaryOperator;

/**
 * Derives invalid request bodies from a contract request schema and a valid seed body: for every
 * place the schema describes (found by walking the schema over the seed, $refs followed) it makes
 * the mutations the schema rules out — a value of another JSON type, a number outside
 * minimum/maximum, a string beyond maxLength or under minLength, a value outside an enum, a bad
 * uuid/date-time/email/uri, too few or too many array items, an unknown property in an object
 * that declares its properties, a missing required property. Each mutation changes one place.
 */
final class SchemaMutations {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /**
     * Values the server accepts beyond the contract's enums, each documented in docs/api.md
     * (Rules: condition_logic also accepts not): never generated as "outside the enum".
     */
    private static final Map<String, Set<String>> DOCUMENTED_ENUM_EXTENSIONS = Map.of("/condition_logic", Set.of("not"));

    /** One invalid body and what was done to the seed to make it. */
    record Mutation(String description, String body) {


        @Override
        public String toString() {
            return description + ": " + (body.length() > 300 ? body.substring(0, 300) + "..." : body);
        }
    }

    /** Mutations of one kind ("wrong type", "under the minimum"...) at one place. */
    record Candidate(String kind, Arbitrary<Mutation> mutations) {
    }

    /**
     * Request schemas whose resource's {@code null} for an unset field is accepted back (docs/api.md,
     * "A resource's own read-only fields sent back"): a rule's description and template_category,
     * the members of the AutomationRule that admit null and that the request writes.
     */
    private static final Map<String, String> RESOURCE_OF = Map.of(
            "CreateAutomationRuleRequest", "AutomationRule",
            "UpdateAutomationRuleRequest", "AutomationRule");

    /** A place in the seed the schema describes; {@code present} when the seed has a value there; {@code nullAccepted} when null is a documented echo there. */
    record Site(JsonPointer pointer, JsonNode schema, boolean present, boolean nullAccepted) {
    }

    private SchemaMutations() {
    }

    /**
     * Every place of {@code seed} the schema (named {@code schemaName} in the contract, when it has
     * a name) describes, including declared properties the seed leaves out.
     */
    static List<Site> sites(JsonNode schema, java.util.Optional<String> schemaName, JsonNode seed) {
        Set<String> nullEchoes = schemaName.map(SchemaMutations::nullEchoes).orElse(Set.of());
        List<Site> sites = new ArrayList<>();
        walk(ContractOperations.resolve(schema), seed, JsonPointer.empty(), sites, nullEchoes);
        return sites;
    }

    /** The pointers of the top-level members whose resource shows null for an unset value ({@link #RESOURCE_OF}). */
    private static Set<String> nullEchoes(String requestSchema) {
        String resource = RESOURCE_OF.get(requestSchema);
        if (resource == null) {
            return Set.of();
        }
        JsonNode written = ContractOperations.resolve(NODES.objectNode().put("$ref", "#/components/schemas/" + requestSchema)).path("properties");
        JsonNode shown = ContractOperations.resolve(NODES.objectNode().put("$ref", "#/components/schemas/" + resource)).path("properties");
        Set<String> pointers = new HashSet<>();
        shown.properties().forEach(p -> {
            if (written.has(p.getKey()) && admitsNull(p.getValue())) {
                pointers.add("/" + p.getKey());
            }
        });
        return pointers;
    }

    private static boolean admitsNull(JsonNode schema) {
        JsonNode type = schema.path("type");
        for (JsonNode t : type.isArray() ? type : NODES.arrayNode().add(type)) {
            if ("null".equals(t.asText())) {
                return true;
            }
        }
        return false;
    }

    private static void walk(JsonNode schema, JsonNode node, JsonPointer at, List<Site> sites, Set<String> nullEchoes) {
        sites.add(new Site(at, schema, node != null, nullEchoes.contains(at.toString())));
        if (node == null) {
            return;
        }
        schema.path("properties").properties().forEach(p ->
                walk(ContractOperations.resolve(p.getValue()), node.get(p.getKey()), at.appendProperty(p.getKey()), sites, nullEchoes));
        if (node.isArray() && !node.isEmpty() && schema.has("items")) {
            walk(ContractOperations.resolve(schema.get("items")), node.get(0), at.appendIndex(0), sites, nullEchoes);
        }
    }

    /** The mutations the schema rules out at {@code site}; empty when it rules nothing out there (an open value). */
    static List<Candidate> at(JsonNode seed, Site site) {
        List<Candidate> mutations = new ArrayList<>();
        JsonNode schema = site.schema();
        String type = declaredType(schema);
        String where = site.pointer().toString().isEmpty() ? "the body" : site.pointer().toString();
        if (type != null) {
            mutations.add(new Candidate("wrong type", wrongTypeValue(type, !site.nullAccepted()).map(v -> replace(seed, site, v, "a " + describe(v) + " at " + where))));
        }
        if (("integer".equals(type) || "number".equals(type))) {
            if (schema.has("minimum")) {
                BigInteger min = schema.get("minimum").bigIntegerValue();
                mutations.add(new Candidate("under the minimum", Arbitraries.bigIntegers().between(min.subtract(BigInteger.TEN.pow(30)), min.subtract(BigInteger.ONE))
                        .map(v -> replace(seed, site, NODES.numberNode(v), v + " under the minimum " + min + " at " + where))));
            }
            if (schema.has("maximum")) {
                BigInteger max = schema.get("maximum").bigIntegerValue();
                mutations.add(new Candidate("over the maximum", Arbitraries.bigIntegers().between(max.add(BigInteger.ONE), max.add(BigInteger.TEN.pow(30)))
                        .map(v -> replace(seed, site, NODES.numberNode(v), v + " over the maximum " + max + " at " + where))));
            }
            if ("integer".equals(type)) {
                mutations.add(new Candidate("fraction for an integer", Arbitraries.integers().between(1, 1_000).map(n -> new BigDecimal(n).add(new BigDecimal("0.5")))
                        .map(v -> replace(seed, site, NODES.numberNode(v), "the fraction " + v + " at " + where))));
            }
        }
        if ("string".equals(type)) {
            stringMutations(seed, site, schema, where, mutations);
        }
        if (site.present() && seed.at(site.pointer()).isTextual()) {
            // docs/api.md, Errors: text holding U+0000 is refused anywhere (PostgreSQL cannot store it)
            String text = seed.at(site.pointer()).textValue();
            mutations.add(new Candidate("NUL character", Arbitraries.integers().between(0, text.length())
                    .map(i -> replace(seed, site, NODES.textNode(text.substring(0, i) + '\0' + text.substring(i)),
                            "a NUL character in the text at " + where))));
        }
        if ("array".equals(type)) {
            if (schema.path("minItems").asInt(0) >= 1) {
                mutations.add(new Candidate("too few items", Arbitraries.just(replace(seed, site, NODES.arrayNode(), "an empty array at " + where))));
            }
            if (schema.has("maxItems") && site.present()) {
                int max = schema.get("maxItems").asInt();
                JsonNode item = seed.at(site.pointer()).path(0);
                mutations.add(new Candidate("too many items", Arbitraries.integers().between(max + 1, max + 20).map(n -> {
                    ArrayNode many = NODES.arrayNode();
                    for (int i = 0; i < n; i++) {
                        many.add(item.isTextual() && isUuid(item.asText()) ? NODES.textNode(UUID.randomUUID().toString()) : item.deepCopy());
                    }
                    return replace(seed, site, many, n + " items (maximum " + max + ") at " + where);
                })));
            }
        }
        if ("object".equals(type) && site.present() && schema.has("properties")) {
            Set<String> declared = new HashSet<>();
            schema.get("properties").fieldNames().forEachRemaining(declared::add);
            mutations.add(new Candidate("unknown property", Arbitraries.strings().ofMinLength(1).ofMaxLength(30)
                    .withCharRange('a', 'z').withChars('_', 'A', 'Z', '0', '-', ' ', 'é')
                    .filter(name -> !declared.contains(name))
                    .map(name -> edit(seed, site.pointer(), o -> {
                        ((ObjectNode) o).put(name, "surplus");
                        return o;
                    }, "the unknown property '" + name + "' in " + where))));
            List<String> required = new ArrayList<>();
            schema.path("required").forEach(r -> {
                if (seed.at(site.pointer()).has(r.asText())) {
                    required.add(r.asText());
                }
            });
            if (!required.isEmpty()) {
                mutations.add(new Candidate("missing required property", Arbitraries.of(required).map(name -> edit(seed, site.pointer(), o -> {
                    ((ObjectNode) o).remove(name);
                    return o;
                }, "the required property '" + name + "' missing from " + where))));
            }
        }
        return mutations;
    }

    private static void stringMutations(JsonNode seed, Site site, JsonNode schema, String where,
                                        List<Candidate> mutations) {
        if (schema.path("minLength").asInt(0) >= 1) {
            mutations.add(new Candidate("under minLength", Arbitraries.just(replace(seed, site, NODES.textNode(""), "an empty string at " + where))));
        }
        if (schema.has("maxLength")) {
            int max = schema.get("maxLength").asInt();
            mutations.add(new Candidate("over maxLength", Arbitraries.strings().withCharRange('a', 'z').withChars(' ', 'é', '€', '中')
                    .ofMinLength(max + 1).ofMaxLength(max + 2_000)
                    .filter(s -> s.codePointCount(0, s.length()) > max)
                    .map(s -> replace(seed, site, NODES.textNode(s), s.length() + " characters (maxLength " + max + ") at " + where))));
        }
        if (schema.has("enum")) {
            Set<String> allowed = new HashSet<>();
            schema.get("enum").forEach(e -> allowed.add(e.asText()));
            allowed.addAll(DOCUMENTED_ENUM_EXTENSIONS.getOrDefault(site.pointer().toString(), Set.of()));
            mutations.add(new Candidate("outside the enum", Arbitraries.strings().ofMinLength(0).ofMaxLength(40).withCharRange('a', 'z').withChars('_', 'A', ' ')
                    .filter(s -> !allowed.contains(s))
                    .map(s -> replace(seed, site, NODES.textNode(s), "'" + s + "' outside the enum at " + where))));
        }
        switch (schema.path("format").asText("")) {
            case "uuid" -> mutations.add(new Candidate("bad uuid", badUuids()
                    .map(s -> replace(seed, site, NODES.textNode(s), "the bad uuid '" + s + "' at " + where))));
            case "date-time" -> mutations.add(new Candidate("bad date-time", Arbitraries.of("yesterday", "2026-13-01T00:00:00Z", "2026-01-01", "1700000000", "")
                    .map(s -> replace(seed, site, NODES.textNode(s), "the bad date-time '" + s + "' at " + where))));
            case "email" -> mutations.add(new Candidate("bad email", Arbitraries.of("not-an-email", "@example.com", "ops@", "a b@example.com", "")
                    .map(s -> replace(seed, site, NODES.textNode(s), "the bad email '" + s + "' at " + where))));
            case "uri" -> mutations.add(new Candidate("bad uri", Arbitraries.of("not a uri", "://missing-scheme", "http://exa mple.com/", "")
                    .map(s -> replace(seed, site, NODES.textNode(s), "the bad uri '" + s + "' at " + where))));
            default -> {
            }
        }
    }

    /** Strings that are not a UUID in canonical 8-4-4-4-12 hex form, many of them nearly one. */
    static Arbitrary<String> badUuids() {
        Arbitrary<String> nearly = Arbitraries.integers().between(0, 35).flatMap(i -> Arbitraries.of("g", "", "00", "-", "_", "Z")
                .map(c -> {
                    String u = UUID.randomUUID().toString();
                    return u.substring(0, i) + c + u.substring(i + 1);
                }));
        Arbitrary<String> junk = Arbitraries.strings().withCharRange('a', 'z').withCharRange('0', '9').withChars('-', '_', '.', '~')
                .ofMinLength(1).ofMaxLength(60);
        Arbitrary<String> lenient = Arbitraries.of("1-1-1-1-1", "0-0-0-0-0", "{" + UUID.randomUUID() + "}",
                UUID.randomUUID().toString().replace("-", ""), UUID.randomUUID() + "0", "00000000-0000-0000-0000-00000000000");
        return Arbitraries.oneOf(nearly, junk, lenient).filter(s -> !isUuid(s));
    }

    static boolean isUuid(String s) {
        return s.matches("^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$");
    }

    /** The JSON type a schema declares ("object" when it only declares properties); null for an open value. */
    private static String declaredType(JsonNode schema) {
        if (schema.has("type") && schema.get("type").isTextual()) {
            return schema.get("type").asText();
        }
        return schema.has("properties") ? "object" : null;
    }

    /** Values of every JSON type {@code type} does not admit (null only {@code withNull}). */
    private static Arbitrary<JsonNode> wrongTypeValue(String type, boolean withNull) {
        List<Arbitrary<JsonNode>> values = new ArrayList<>();
        if (!type.equals("string")) {
            values.add(Arbitraries.strings().ofMaxLength(20).map(NODES::textNode));
            values.add(Arbitraries.of("1", "true", "null", "[]", "{}").map(NODES::textNode));
        }
        if (!type.equals("integer") && !type.equals("number")) {
            values.add(Arbitraries.longs().map(NODES::numberNode));
        }
        if (!type.equals("number")) {
            values.add(Arbitraries.integers().between(-1_000, 1_000).map(n -> NODES.numberNode(new BigDecimal(n).add(new BigDecimal("0.25")))));
        }
        if (!type.equals("boolean")) {
            values.add(Arbitraries.of(true, false).map(NODES::booleanNode));
        }
        if (!type.equals("array")) {
            values.add(Arbitraries.of(NODES.arrayNode(), NODES.arrayNode().add("x"), NODES.arrayNode().add(NODES.objectNode())));
        }
        if (!type.equals("object")) {
            values.add(Arbitraries.of(NODES.objectNode(), NODES.objectNode().put("k", "v")));
        }
        if (withNull) {
            values.add(Arbitraries.just(NODES.nullNode()));
        }
        return Arbitraries.oneOf(values);
    }

    private static String describe(JsonNode v) {
        return v.isNull() ? "null" : v.getNodeType().name().toLowerCase() + " (" + abbreviate(v.toString()) + ")";
    }

    private static String abbreviate(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "..." : s;
    }

    private static Mutation replace(JsonNode seed, Site site, JsonNode value, String description) {
        if (site.pointer().toString().isEmpty()) {
            return new Mutation(description, value.toString());
        }
        return edit(seed, site.pointer().head(), parent -> {
            String last = site.pointer().last().getMatchingProperty();
            if (parent instanceof ArrayNode array) {
                array.set(site.pointer().last().getMatchingIndex(), value);
            } else {
                ((ObjectNode) parent).set(last, value);
            }
            return parent;
        }, description);
    }

    private static Mutation edit(JsonNode seed, JsonPointer at, UnaryOperator<JsonNode> change, String description) {
        JsonNode copy = seed.deepCopy();
        change.apply(at.toString().isEmpty() ? copy : copy.at(at));
        try {
            return new Mutation(description, MAPPER.writeValueAsString(copy));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
