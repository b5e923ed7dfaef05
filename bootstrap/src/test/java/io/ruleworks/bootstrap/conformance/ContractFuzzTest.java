package io.ruleworks.bootstrap.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import io.ruleworks.adapter.out.persistence.testing.TestDatabase;
import io.ruleworks.application.port.in.access.IssueApiKeyUseCase;
import io.ruleworks.application.port.in.access.IssueApiKeyUseCase.IssuedApiKey;
import io.ruleworks.bootstrap.conformance.ContractOperations.Operation;
import io.ruleworks.bootstrap.conformance.SchemaMutations.Mutation;
import io.ruleworks.bootstrap.http.support.Api;
import io.ruleworks.bootstrap.http.support.HttpTestBase;
import io.ruleworks.bootstrap.http.support.Keys;
import io.ruleworks.bootstrap.http.support.Reply;
import io.ruleworks.bootstrap.http.support.Sql;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

import static io.ruleworks.bootstrap.conformance.Fixtures.TEMPLATES;
import static io.ruleworks.bootstrap.http.support.Api.RULES;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Contract fuzzing: requests derived from the contract's request schemas and parameters, each
 * wrong in one way, against one real service over HTTP. Every answer must be a 4xx the contract
 * lists (or a documented extension allows) in the error envelope, never a 5xx, and no refused
 * request may change stored data (compared table by table before and after each try). Field
 * validation (docs/api.md "Field validation"): in Strict mode every mutation is refused; in the
 * default Warn mode a body whose only fault is an unknown property, and a list call whose only fault
 * is an unknown parameter, are answered as if it were not there, with a {@code Warning: 299} naming it.
 */
class ContractFuzzTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final int ONE_MEGABYTE = 1024 * 1024;

    /** One request to send; a null content type sends none, a null body sends no body. */
    record Attempt(Operation op, String kind, String description, String path, String contentType, String body) {
        @Override
        public String toString() {
            String shown = body == null ? "" : " " + (body.length() > 300 ? body.substring(0, 300) + "...(" + body.length() + " chars)" : body);
            return op.method() + " " + path + " [" + description + "] " + (contentType == null ? "" : contentType) + shown;
        }
    }

    /** A valid request for an operation with a body: where to send it and the seed the mutations start from. */
    record Target(Operation op, String path, JsonNode seed) {
    }

    private static ApplicationContext context;
    private static Api admin;
    private static StoredData stored;
    private static Map<String, Target> targets;

    @BeforeContainer
    static void startOneServer() {
        TestDatabase database = TestDatabase.create();
        Map<String, Object> properties = new HashMap<>(database.properties());
        properties.putAll(HttpTestBase.SMALL_POOL);
        properties.put("micronaut.server.host", "127.0.0.1");
        properties.put("ruleworks.queue.workers.enabled", "false");
        context = ApplicationContext.builder().environments("test").properties(properties).start();
        EmbeddedServer server = context.getBean(EmbeddedServer.class).start();
        IssuedApiKey owner = new Keys(context.getBean(IssueApiKeyUseCase.class)).adminOfNewTenant();
        admin = Api.onPort(server.getPort()).withKey(owner.apiKey());
        stored = new StoredData(database.url(), TestDatabase.USER);
        Fixtures fixtures = new Fixtures(admin, new Sql(database.url(), TestDatabase.USER), owner.tenant());
        targets = seeds(fixtures);
    }

    @AfterContainer
    static void stopTheServer() throws Exception {
        if (stored != null) {
            stored.close();
        }
        if (context != null) {
            context.close();
        }
    }

    /** Each operation with a body, its valid seed (sent once here, so it is known to be accepted). */
    private static Map<String, Target> seeds(Fixtures fixtures) {
        String rule = fixtures.rule();
        String template = fixtures.template();
        Map<String, String[]> seeds = new LinkedHashMap<>();
        seeds.put("POST " + RULES, new String[]{RULES, Fixtures.fullRuleBody("Fuzz seed")});
        seeds.put("PUT " + RULES + "/{id}", new String[]{RULES + "/" + rule, Fixtures.fullRuleBody("Fuzz seed, updated")});
        seeds.put("POST " + RULES + "/{id}/execute", new String[]{RULES + "/" + rule + "/execute", Fixtures.executeBody(rule)});
        seeds.put("POST " + RULES + "/bulk-status", new String[]{RULES + "/bulk-status",
                "{\"ids\": [\"" + rule + "\"], \"status\": \"active\"}"});
        seeds.put("POST " + RULES + "/bulk-execute", new String[]{RULES + "/bulk-execute",
                "{\"automation_rule_ids\": [\"" + rule + "\"], \"execution_data\": {\"batch\": 1},"
                        + " \"override_conditions\": false, \"sequential_execution\": false}"});
        seeds.put("POST " + TEMPLATES, new String[]{TEMPLATES, Fixtures.fullTemplateBody(rule, "Fuzz seed")});
        seeds.put("POST " + TEMPLATES + "/{id}/use", new String[]{TEMPLATES + "/" + template + "/use",
                "{\"variables\": {\"rule_name\": \"From the fuzz template\"}}"});
        Map<String, Target> targets = new LinkedHashMap<>();
        seeds.forEach((key, pathAndBody) -> {
            Operation op = ContractOperations.get(key);
            Reply accepted = admin.send(op.method(), pathAndBody[0], Optional.of("application/json"), pathAndBody[1]);
            StatusPolicy.conforms(op, accepted).expectStatus(op.successStatus());
            targets.put(key, new Target(op, pathAndBody[0], json(pathAndBody[1])));
        });
        return targets;
    }

    private static JsonNode json(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Operation> implemented() {
        return ContractOperations.all().stream().filter(op -> ContractConformanceTest.IMPLEMENTED.contains(op.key())).toList();
    }

    @Example
    void every_implemented_operation_with_a_body_has_a_seed() {
        List<String> withBody = implemented().stream().filter(op -> op.requestSchema().isPresent()).map(Operation::key).toList();

        assertThat(targets.keySet()).containsExactlyInAnyOrderElementsOf(withBody);
    }

    @Property(tries = 200, shrinking = ShrinkingMode.OFF)
    void in_strict_mode_a_body_the_schema_rules_out_is_refused_and_changes_nothing(@ForAll("schemaMutations") Attempt attempt) {
        refusedWithoutChange(strict(attempt));
    }

    @Property(tries = 200, shrinking = ShrinkingMode.OFF)
    void in_warn_mode_a_body_the_schema_rules_out_is_refused_unless_its_fault_is_an_unknown_property(
            @ForAll("schemaMutations") Attempt attempt) {
        if (attempt.kind().equals(UNKNOWN_PROPERTY)) {
            acceptedWithAWarning(attempt);
        } else {
            refusedWithoutChange(attempt);
        }
    }

    @Property(tries = 60, shrinking = ShrinkingMode.OFF)
    void malformed_json_is_refused_and_changes_nothing(@ForAll("malformedJson") Attempt attempt) {
        Reply reply = refusedWithoutChange(attempt);
        assertThat(reply.status()).isEqualTo(400);
    }

    @Property(tries = 40, shrinking = ShrinkingMode.OFF)
    void a_body_in_a_charset_other_than_utf8_is_refused_and_changes_nothing(@ForAll("wrongCharsets") Attempt attempt) {
        Reply reply = refusedWithoutChange(attempt);
        assertThat(reply.status()).isEqualTo(415);
    }

    /** docs/api.md "Content types": a body is read as JSON whatever its Content-Type says, as Alga reads it. */
    @Property(tries = 30, shrinking = ShrinkingMode.OFF)
    void a_json_body_is_read_whatever_its_content_type(@ForAll("otherContentTypes") Attempt attempt) {
        Statistics.label("operation").collect(attempt.op().key());
        Reply reply = admin.send(attempt.op().method(), attempt.path(), Optional.ofNullable(attempt.contentType()), attempt.body());

        StatusPolicy.conforms(attempt.op(), reply).expectStatus(attempt.op().successStatus());
    }

    @Property(tries = 30, shrinking = ShrinkingMode.OFF)
    void a_body_that_is_not_json_is_refused_whatever_its_content_type(@ForAll("otherContentTypes") Attempt attempt) {
        Reply reply = refusedWithoutChange(new Attempt(attempt.op(), attempt.kind(), attempt.description() + ", not JSON",
                attempt.path(), attempt.contentType(), "name=x&status=active"));
        assertThat(reply.status()).isEqualTo(400);
    }

    @Property(tries = 8, shrinking = ShrinkingMode.OFF)
    void a_body_over_one_megabyte_is_refused_and_changes_nothing(@ForAll("oversizedBodies") Attempt attempt) {
        Reply reply = refusedWithoutChange(attempt);
        assertThat(reply.status()).isEqualTo(413);
    }

    @Property(tries = 150, shrinking = ShrinkingMode.OFF)
    void in_strict_mode_a_bad_query_parameter_on_a_list_is_refused(@ForAll("badQueries") Attempt attempt) {
        Reply reply = refusedWithoutChange(strict(attempt));
        assertThat(reply.status()).isEqualTo(400);
    }

    @Property(tries = 150, shrinking = ShrinkingMode.OFF)
    void in_warn_mode_a_bad_query_parameter_is_refused_and_an_unknown_one_named_in_a_warning(
            @ForAll("badQueries") Attempt attempt) {
        if (attempt.kind().equals(UNKNOWN_PARAMETER)) {
            acceptedWithAWarning(attempt);
        } else {
            assertThat(refusedWithoutChange(attempt).status()).isEqualTo(400);
        }
    }

    private static final String UNKNOWN_PROPERTY = "unknown property";
    private static final String UNKNOWN_PARAMETER = "unknown parameter";

    /** The attempt with {@code fieldValidation=Strict} in its query. */
    private static Attempt strict(Attempt attempt) {
        String path = attempt.path() + (attempt.path().contains("?") ? "&" : "?") + "fieldValidation=Strict";
        return new Attempt(attempt.op(), attempt.kind(), attempt.description() + ", strict", path,
                attempt.contentType(), attempt.body());
    }

    /** Answered with the operation's success status and a Warning: 299 naming what was ignored. */
    private static void acceptedWithAWarning(Attempt attempt) {
        Statistics.label("operation").collect(attempt.op().key());
        Statistics.label("mutation").collect(attempt.kind() + " (warn)");
        Reply reply = admin.send(attempt.op().method(), attempt.path(), Optional.ofNullable(attempt.contentType()), attempt.body());
        StatusPolicy.conforms(attempt.op(), reply).expectStatus(attempt.op().successStatus());
        assertThat(reply.headers().allValues("Warning")).as(attempt.toString()).singleElement().asString()
                .startsWith("299 - \"unknown ").endsWith("\"");
    }

    @Example
    void a_url_longer_than_the_request_line_limit_is_refused_as_too_large() {
        for (Operation op : implemented()) {
            if (op.method().equals("GET") && !op.hasPathId()) {
                Reply reply = refusedWithoutChange(new Attempt(op, "long URL", "a 5,000 character search",
                        op.path() + "?search=" + "a".repeat(5_000), null, null));
                assertThat(reply.status()).isEqualTo(413);
            }
        }
    }

    @Property(tries = 100, shrinking = ShrinkingMode.OFF)
    void a_path_id_that_is_not_a_uuid_is_refused_and_changes_nothing(@ForAll("badPathIds") Attempt attempt) {
        Reply reply = refusedWithoutChange(attempt);
        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.errorField()).isEqualTo("id");
    }

    @Property(tries = 60, shrinking = ShrinkingMode.OFF)
    void any_text_in_a_rule_is_stored_or_refused_never_a_server_error(@ForAll("anyText") String name,
                                                                      @ForAll("anyText") String description) {
        Operation create = ContractOperations.get("POST " + RULES);
        String body = Fixtures.fullRuleBody("x").replace("\"x\"", MAPPER.valueToTree(name).toString())
                .replace("\"Escalates new P1 tickets\"", MAPPER.valueToTree(description).toString());

        Reply reply = StatusPolicy.conforms(create, admin.post(RULES, body));

        assertThat(reply.status()).as(reply.toString()).isIn(201, 400);
    }

    @Provide
    Arbitrary<String> anyText() {
        return Arbitraries.strings().all().ofMinLength(1).ofMaxLength(100);
    }

    private static Reply refusedWithoutChange(Attempt attempt) {
        Statistics.label("operation").collect(attempt.op().key());
        Statistics.label("mutation").collect(attempt.kind());
        Map<String, String> before = stored.snapshot();
        Reply reply = admin.send(attempt.op().method(), attempt.path(), Optional.ofNullable(attempt.contentType()), attempt.body());
        StatusPolicy.refusal(attempt.op(), reply);
        assertThat(stored.snapshot()).as("stored data after the refused " + attempt).isEqualTo(before);
        return reply;
    }

    /** Picks a kind of mutation first, then an operation and place that admit it: rare kinds are tried as often as common ones. */
    @Provide
    Arbitrary<Attempt> schemaMutations() {
        Map<String, List<Arbitrary<Attempt>>> byKind = new TreeMap<>();
        for (Target target : targets.values()) {
            JsonNode schema = target.op().requestSchema().orElseThrow();
            for (SchemaMutations.Site site : SchemaMutations.sites(schema, target.op().requestSchemaName(), target.seed())) {
                for (SchemaMutations.Candidate candidate : SchemaMutations.at(target.seed(), site)) {
                    byKind.computeIfAbsent(candidate.kind(), k -> new ArrayList<>()).add(candidate.mutations().map(m ->
                            new Attempt(target.op(), candidate.kind(), m.description(), target.path(), "application/json", m.body())));
                }
            }
        }
        return Arbitraries.oneOf(byKind.values().stream().map(Arbitraries::oneOf).toList());
    }

    @Provide
    Arbitrary<Attempt> malformedJson() {
        return Arbitraries.of(List.copyOf(targets.values())).flatMap(target -> {
            String seed = target.seed().toString();
            Arbitrary<String> truncated = Arbitraries.integers().between(0, seed.length() - 1).map(n -> seed.substring(0, n));
            Arbitrary<String> trailing = Arbitraries.of("}", ",", "x", "{}", "[]", "\"", " 1").map(t -> seed + t);
            String firstMember = seed.substring(1, seed.indexOf(',') > 0 ? seed.indexOf(',') : seed.length() - 1);
            Arbitrary<String> duplicate = Arbitraries.just("{" + firstMember + "," + seed.substring(1));
            Arbitrary<String> notJson = Arbitraries.of("", " ", "nope", "{'name': 'x'}", "{\"name\": NaN}",
                    "/* c */" + seed, "{\"a\":}", "[", "\u0000", "{\"name\": \"\\x\"}", "{" + "[".repeat(500) + "]".repeat(500) + "}");
            return Arbitraries.oneOf(truncated, trailing, duplicate, notJson)
                    .map(body -> new Attempt(target.op(), "malformed JSON", "malformed JSON", target.path(), "application/json", body));
        });
    }

    @Provide
    Arbitrary<Attempt> wrongCharsets() {
        return Arbitraries.of(List.copyOf(targets.values())).flatMap(target -> Arbitraries.of(
                        "application/json; charset=iso-8859-1", "text/plain; charset=latin1",
                        "application/json; charset=utf-16", "application/json; charset=nonsense", "application/json;charset=\"bad name!\"")
                .map(type -> new Attempt(target.op(), type, "content type " + type, target.path(), type, target.seed().toString())));
    }

    @Provide
    Arbitrary<Attempt> otherContentTypes() {
        return Arbitraries.of(List.copyOf(targets.values())).flatMap(target -> Arbitraries.of("text/plain", "text/html",
                        "application/xml", "application/x-www-form-urlencoded", "application/octet-stream", "image/png",
                        "application/merge-patch+json", "text/plain; charset=utf-8")
                .map(type -> new Attempt(target.op(), type, "content type " + type, target.path(), type, target.seed().toString())));
    }

    @Provide
    Arbitrary<Attempt> oversizedBodies() {
        return Arbitraries.of(List.copyOf(targets.values())).flatMap(target -> Arbitraries.integers()
                .between(ONE_MEGABYTE + 1, ONE_MEGABYTE + ONE_MEGABYTE / 2)
                .map(size -> {
                    String seed = target.seed().toString();
                    String body = " ".repeat(Math.max(0, size - seed.length())) + seed;
                    return new Attempt(target.op(), "over 1 MB", body.length() + " bytes", target.path(), "application/json", body);
                }));
    }

    @Provide
    Arbitrary<Attempt> badQueries() {
        List<Arbitrary<Attempt>> perOperation = new ArrayList<>();
        for (Operation op : implemented()) {
            if (!op.method().equals("GET") || op.hasPathId() || op.queryParameters().isEmpty()) {
                continue;
            }
            Set<String> declared = new java.util.HashSet<>();
            List<Arbitrary<String[]>> bad = new ArrayList<>();
            for (JsonNode parameter : op.queryParameters()) {
                String name = parameter.path("name").asText();
                declared.add(name);
                badValues(name, parameter.path("schema")).ifPresent(values -> bad.add(values.map(v -> new String[]{name + "=" + encode(v), name + "=" + v, "bad " + name})));
                bad.add(Arbitraries.just(new String[]{name + "=1&" + name + "=2", name + " twice", "repeated parameter"}));
            }
            bad.add(Arbitraries.strings().withCharRange('a', 'z').withChars('_').ofMinLength(1).ofMaxLength(20)
                    .filter(n -> !declared.contains(n)).map(n -> new String[]{n + "=1", "unknown parameter " + n, UNKNOWN_PARAMETER}));
            perOperation.add(Arbitraries.oneOf(bad)
                    .map(q -> new Attempt(op, q[2], q[1], op.path() + "?" + q[0], null, null)));
        }
        return Arbitraries.oneOf(perOperation);
    }

    /** Values the parameter's schema (or, for page, limit and sort, its description and docs/api.md) rules out. */
    private static Optional<Arbitrary<String>> badValues(String name, JsonNode schema) {
        Arbitrary<String> notNumbers = Arbitraries.of("abc", "1.5", "1e3", "0x10", " ", "", "99999999999999999999999");
        return switch (name) {
            case "page" -> Optional.of(Arbitraries.oneOf(notNumbers, Arbitraries.integers().between(-1_000_000, 0).map(String::valueOf)));
            case "limit" -> Optional.of(Arbitraries.oneOf(notNumbers, Arbitraries.integers().between(-1_000, 0).map(String::valueOf),
                    Arbitraries.longs().between(101, Long.MAX_VALUE).map(String::valueOf)));
            case "sort" -> Optional.of(Arbitraries.strings().withCharRange('a', 'z').withChars('_', ';', ' ', '\'')
                    .ofMinLength(1).ofMaxLength(30).map(s -> "zz" + s));
            default -> {
                if (schema.has("enum")) {
                    Set<String> allowed = new java.util.HashSet<>();
                    schema.get("enum").forEach(e -> allowed.add(e.asText()));
                    yield Optional.of(Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(20).filter(s -> !allowed.contains(s)));
                }
                String type = schema.path("type").asText();
                if (type.equals("integer") || type.equals("number")) {
                    Arbitrary<String> negative = Arbitraries.longs().between(Long.MIN_VALUE + 1, -1).map(String::valueOf);
                    yield Optional.of(type.equals("integer") ? Arbitraries.oneOf(notNumbers, negative)
                            : Arbitraries.oneOf(Arbitraries.of("abc", "", "1e", "--1", "NaN"), negative));
                }
                yield switch (schema.path("format").asText()) {
                    case "uuid" -> Optional.of(SchemaMutations.badUuids());
                    case "date-time" -> Optional.of(Arbitraries.of("yesterday", "2026-13-01T00:00:00Z", "2026-02-30T00:00:00Z",
                            "1700000000", "2026-01-01T25:00:00Z"));
                    // docs/api.md: text holding U+0000 is refused (Errors); text filters are 1-255 characters (Listing rules)
                    default -> Optional.of(Arbitraries.oneOf(Arbitraries.strings().alpha().ofMaxLength(10).map(s -> s + '\0' + s),
                            Arbitraries.just(""), Arbitraries.strings().alpha().ofMinLength(256).ofMaxLength(1_000)));
                };
            }
        };
    }

    @Provide
    Arbitrary<Attempt> badPathIds() {
        List<Operation> withId = implemented().stream().filter(Operation::hasPathId).toList();
        Arbitrary<String> ids = SchemaMutations.badUuids()
                .filter(s -> !s.equals(".") && !s.equals("..") && !s.startsWith("bulk-"));
        return Arbitraries.of(withId).flatMap(op -> ids.map(id -> {
            Target target = targets.get(op.key());
            return new Attempt(op, "bad path id", "path id '" + id + "'", op.path(encode(id)), target == null ? null : "application/json",
                    target == null ? null : target.seed().toString());
        }));
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
