package io.ruleworks.bootstrap.conformance;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.ruleworks.application.port.in.access.IssueApiKeyUseCase.IssuedApiKey;
import io.ruleworks.bootstrap.conformance.ContractOperations.Operation;
import io.ruleworks.bootstrap.http.support.Api;
import io.ruleworks.bootstrap.http.support.HttpTestBase;
import io.ruleworks.bootstrap.http.support.Reply;
import io.ruleworks.domain.access.Permission;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Stream;

import static io.ruleworks.bootstrap.conformance.Fixtures.EXECUTIONS;
import static io.ruleworks.bootstrap.conformance.Fixtures.TEMPLATES;
import static io.ruleworks.bootstrap.http.support.Api.RULES;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * For every operation of the contract: a success, and each error the contract lists for it (400 for
 * a bad request, 401 without a key, 403 without the operation's permission, 404 for an unknown id),
 * over real HTTP. Every reply must have a status the contract lists for the operation or a
 * documented extension allows ({@link StatusPolicy}), and its body must match the contract's schema
 * for that status (checked by {@link Api} on every reply).
 */
@MicronautTest(transactional = false)
class ContractConformanceTest extends HttpTestBase {

    private static final String AUTOMATION = "/api/v1/automation";

    /** The contract's operations this branch serves: each must pass all its cases. */
    static final Set<String> IMPLEMENTED = Set.of(
            "GET " + EXECUTIONS,
            "GET " + EXECUTIONS + "/{id}",
            "POST " + EXECUTIONS + "/{id}/retry",
            "GET " + RULES,
            "POST " + RULES,
            "GET " + RULES + "/{id}",
            "PUT " + RULES + "/{id}",
            "DELETE " + RULES + "/{id}",
            "POST " + RULES + "/{id}/execute",
            "POST " + RULES + "/bulk-status",
            "POST " + RULES + "/bulk-execute",
            "GET " + TEMPLATES,
            "POST " + TEMPLATES,
            "GET " + TEMPLATES + "/{id}",
            "POST " + TEMPLATES + "/{id}/use",
            "GET " + AUTOMATION + "/statistics",
            "GET " + AUTOMATION + "/performance",
            "GET " + AUTOMATION + "/meta");

    /**
     * Operations of the contract not served on this branch yet, reported as skipped. To enable one,
     * move it to {@link #IMPLEMENTED}: its cases below are ready, and a missing route then fails.
     */
    static final Map<String, String> NOT_YET = Map.of();

    /** One HTTP request; a null body sends none. */
    record Request(String method, String path, String body) {
        Reply sendWith(Api api) {
            return api.send(method, path, body == null ? Optional.empty() : Optional.of("application/json"), body);
        }

        /** This request with one thing the operation does not know: a body member, or (without a body) a query parameter. */
        Request withUnknownField() {
            if (body != null && body.strip().startsWith("{")) {
                return new Request(method, path, "{\"x_unknown_field\": 1, " + body.strip().substring(1));
            }
            return new Request(method, path + (path.contains("?") ? "&" : "?") + "_=1733580000000", body);
        }

        Request strict() {
            return new Request(method, path + (path.contains("?") ? "&" : "?") + "fieldValidation=Strict", body);
        }
    }

    /** How to make each kind of request for one operation; null where the contract lists no such error. */
    record Cases(Supplier<Request> success, Supplier<Request> invalid, Supplier<Request> unknownId) {
    }

    private IssuedApiKey owner;
    private Api api;
    private Fixtures fixtures;
    private final Map<String, Cases> cases = new LinkedHashMap<>();

    @Override
    protected Map<String, String> settings() {
        return NO_WORKERS;
    }

    @BeforeAll
    void casesForEveryOperation() {
        owner = keys().adminOfNewTenant();
        api = as(owner.apiKey());
        fixtures = new Fixtures(api, sql, owner.tenant());
        String missing = UUID.randomUUID().toString();

        cases.put("GET " + RULES, new Cases(
                () -> get(RULES + "?limit=5&sort=name&order=asc"),
                () -> get(RULES + "?limit=0"),
                null));
        cases.put("POST " + RULES, new Cases(
                () -> new Request("POST", RULES, Fixtures.fullRuleBody("Created")),
                () -> new Request("POST", RULES, "{\"trigger_type\": \"manual\", \"trigger_config\": {}, \"actions\": []}"),
                null));
        cases.put("GET " + RULES + "/{id}", new Cases(
                () -> get(RULES + "/" + fixtures.rule()),
                () -> get(RULES + "/not-a-uuid"),
                () -> get(RULES + "/" + missing)));
        cases.put("PUT " + RULES + "/{id}", new Cases(
                () -> new Request("PUT", RULES + "/" + fixtures.rule(), "{\"name\": \"Renamed\", \"priority\": \"low\"}"),
                () -> new Request("PUT", RULES + "/" + fixtures.rule(), "{\"name\": \"\"}"),
                () -> new Request("PUT", RULES + "/" + missing, "{\"name\": \"Renamed\"}")));
        cases.put("DELETE " + RULES + "/{id}", new Cases(
                () -> new Request("DELETE", RULES + "/" + fixtures.rule(), null),
                () -> new Request("DELETE", RULES + "/12345", null),
                () -> new Request("DELETE", RULES + "/" + missing, null)));
        cases.put("POST " + RULES + "/{id}/execute", new Cases(
                () -> {
                    String rule = fixtures.rule();
                    return new Request("POST", RULES + "/" + rule + "/execute", Fixtures.executeBody(rule));
                },
                () -> new Request("POST", RULES + "/" + fixtures.rule() + "/execute", "{\"execution_data\": {}}"),
                () -> new Request("POST", RULES + "/" + missing + "/execute", Fixtures.executeBody(missing))));
        cases.put("POST " + RULES + "/bulk-status", new Cases(
                () -> new Request("POST", RULES + "/bulk-status",
                        "{\"ids\": [\"" + fixtures.rule() + "\", \"" + missing + "\"], \"status\": \"inactive\"}"),
                () -> new Request("POST", RULES + "/bulk-status", "{\"ids\": [], \"status\": \"inactive\"}"),
                null));
        cases.put("POST " + RULES + "/bulk-execute", new Cases(
                () -> new Request("POST", RULES + "/bulk-execute",
                        "{\"automation_rule_ids\": [\"" + fixtures.rule() + "\"], \"execution_data\": {\"batch\": 1}}"),
                () -> new Request("POST", RULES + "/bulk-execute", "{\"automation_rule_ids\": [\"nope\"]}"),
                null));
        cases.put("GET " + EXECUTIONS, new Cases(
                () -> {
                    fixtures.pendingExecution();
                    return get(EXECUTIONS + "?status=pending&sort=created_at&limit=10");
                },
                () -> get(EXECUTIONS + "?status=exploded"),
                null));
        cases.put("GET " + EXECUTIONS + "/{id}", new Cases(
                () -> get(EXECUTIONS + "/" + fixtures.pendingExecution()),
                () -> get(EXECUTIONS + "/not-a-uuid"),
                () -> get(EXECUTIONS + "/" + missing)));
        cases.put("POST " + EXECUTIONS + "/{id}/retry", new Cases(
                () -> new Request("POST", EXECUTIONS + "/" + fixtures.failedExecution(fixtures.rule()) + "/retry", null),
                () -> new Request("POST", EXECUTIONS + "/not-a-uuid/retry", null),
                () -> new Request("POST", EXECUTIONS + "/" + missing + "/retry", null)));
        cases.put("GET " + TEMPLATES, new Cases(
                () -> {
                    fixtures.template();
                    return get(TEMPLATES + "?category=tickets&sort=usage_count");
                },
                () -> get(TEMPLATES + "?usage_count_min=-1"),
                null));
        cases.put("POST " + TEMPLATES, new Cases(
                () -> new Request("POST", TEMPLATES, Fixtures.fullTemplateBody(fixtures.rule(), "Escalation")),
                () -> new Request("POST", TEMPLATES, "{\"template_name\": \"No source\", \"category\": \"tickets\"}"),
                () -> new Request("POST", TEMPLATES, Fixtures.fullTemplateBody(missing, "Missing source"))));
        cases.put("GET " + TEMPLATES + "/{id}", new Cases(
                () -> get(TEMPLATES + "/" + fixtures.template()),
                () -> get(TEMPLATES + "/zz"),
                () -> get(TEMPLATES + "/" + missing)));
        cases.put("POST " + TEMPLATES + "/{id}/use", new Cases(
                () -> new Request("POST", TEMPLATES + "/" + fixtures.template() + "/use",
                        "{\"variables\": {\"rule_name\": \"From template\"}}"),
                () -> new Request("POST", TEMPLATES + "/" + fixtures.template() + "/use", "{\"variables\": \"rule_name\"}"),
                () -> new Request("POST", TEMPLATES + "/" + missing + "/use", "{\"variables\": {}}")));
        cases.put("GET " + AUTOMATION + "/statistics", new Cases(
                () -> get(AUTOMATION + "/statistics"),
                null,
                null));
        cases.put("GET " + AUTOMATION + "/performance", new Cases(
                () -> get(AUTOMATION + "/performance?group_by=day"),
                () -> get(AUTOMATION + "/performance?group_by=fortnight"),
                null));
        cases.put("GET " + AUTOMATION + "/meta", new Cases(
                () -> get(AUTOMATION + "/meta"),
                null,
                null));
    }

    private static Request get(String path) {
        return new Request("GET", path, null);
    }

    @Test
    void every_contract_operation_is_either_implemented_or_listed_as_not_yet() {
        Set<String> contract = new TreeSet<>();
        ContractOperations.all().forEach(op -> contract.add(op.key()));
        Set<String> listed = new TreeSet<>(IMPLEMENTED);
        listed.addAll(NOT_YET.keySet());

        assertThat(NOT_YET.keySet()).allSatisfy(op -> assertThat(IMPLEMENTED).doesNotContain(op));
        assertThat(listed).as("operations listed here that the contract does not have").isSubsetOf(contract);
        assertThat(contract).as("operations of the contract this suite does not account for").isSubsetOf(listed);
        assertThat(cases.keySet()).as("operations without conformance cases").containsAll(contract);
    }

    @TestFactory
    Stream<DynamicNode> every_contract_operation_answers_as_the_contract_says() {
        return ContractOperations.all().stream().map(op -> {
            if (IMPLEMENTED.contains(op.key())) {
                return DynamicContainer.dynamicContainer(op.key(), casesOf(op));
            }
            String reason = NOT_YET.getOrDefault(op.key(), "neither implemented nor listed as not yet");
            return DynamicTest.dynamicTest(op.key() + " (not on this branch)", () -> {
                assertThat(NOT_YET).as(op.key() + " is in the contract but not in IMPLEMENTED or NOT_YET").containsKey(op.key());
                Assumptions.abort(reason);
            });
        });
    }

    private List<DynamicTest> casesOf(Operation op) {
        Cases c = cases.get(op.key());
        List<DynamicTest> tests = new ArrayList<>();
        tests.add(DynamicTest.dynamicTest("success " + op.successStatus(), () -> {
            Reply reply = c.success().get().sendWith(api);
            if (reply.status() != op.successStatus()) {
                throw new AssertionError(op.key() + " is listed as implemented, but its success request did not answer "
                        + op.successStatus() + ": " + reply);
            }
            StatusPolicy.conforms(op, reply);
        }));
        tests.add(DynamicTest.dynamicTest("success " + op.successStatus() + " in strict mode", () -> {
            StatusPolicy.conforms(op, c.success().get().strict().sendWith(api)).expectStatus(op.successStatus());
        }));
        tests.add(DynamicTest.dynamicTest("an unknown field is ignored and named in a Warning (Warn, the default)", () -> {
            Reply reply = StatusPolicy.conforms(op, c.success().get().withUnknownField().sendWith(api))
                    .expectStatus(op.successStatus());
            assertThat(reply.headers().allValues("Warning")).singleElement().asString()
                    .matches("299 - \"unknown (field \\\\\"x_unknown_field|query parameter \\\\\"_)\\\\\"\"");
        }));
        tests.add(DynamicTest.dynamicTest("an unknown field is refused with 400 (Strict)", () -> {
            Reply reply = StatusPolicy.refusal(op, c.success().get().withUnknownField().strict().sendWith(api))
                    .expectStatus(400);
            assertThat(reply.errorCode()).isEqualTo("VALIDATION_ERROR");
            assertThat(reply.errorField()).isIn("x_unknown_field", "_");
        }));
        if (op.documents(400)) {
            tests.add(DynamicTest.dynamicTest("400 for a bad request", () -> {
                assertThat(c.invalid()).as("a 400 case for " + op.key()).isNotNull();
                Reply reply = StatusPolicy.refusal(op, c.invalid().get().sendWith(api)).expectStatus(400);
                assertThat(reply.errorCode()).isEqualTo("VALIDATION_ERROR");
                assertThat(reply.errorField()).as("details.field").isNotBlank();
            }));
        }
        tests.add(DynamicTest.dynamicTest("401 without an API key", () -> {
            Reply reply = StatusPolicy.refusal(op, c.success().get().sendWith(anonymous())).expectStatus(401);
            assertThat(reply.errorCode()).isEqualTo("UNAUTHORIZED");
            assertThat(reply.errorDetails().path("reason").asText()).isEqualTo("missing");
        }));
        tests.add(DynamicTest.dynamicTest("403 without " + op.permission(), () -> {
            Permission required = Permission.parse(op.permission())
                    .orElseThrow(() -> new AssertionError("unknown permission " + op.permission()));
            Api lacking = as(keys().without(owner.tenant(), required).apiKey());
            Reply reply = StatusPolicy.refusal(op, c.success().get().sendWith(lacking)).expectStatus(403);
            assertThat(reply.errorCode()).isEqualTo("FORBIDDEN");
            assertThat(reply.errorDetails().path("required_permission").asText()).isEqualTo(op.permission());
        }));
        if (op.documents(404)) {
            tests.add(DynamicTest.dynamicTest("404 for an unknown id", () -> {
                assertThat(c.unknownId()).as("a 404 case for " + op.key()).isNotNull();
                Reply reply = StatusPolicy.refusal(op, c.unknownId().get().sendWith(api)).expectStatus(404);
                assertThat(reply.errorCode()).isEqualTo("NOT_FOUND");
            }));
        }
        return tests;
    }
}
