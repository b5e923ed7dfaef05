package io.ruleworks.bootstrap.http;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.ruleworks.bootstrap.http.support.Api;
import io.ruleworks.bootstrap.http.support.HttpTestBase;
import io.ruleworks.bootstrap.http.support.Reply;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static io.ruleworks.bootstrap.http.support.Api.RULES;
import static io.ruleworks.bootstrap.http.support.RuleJson.aRule;
import static org.assertj.core.api.Assertions.assertThat;

/** A deployment with ruleworks.api.field-validation=Strict: unknown fields are refused unless a request asks for Warn. */
@MicronautTest(transactional = false)
class StrictFieldValidationDeploymentHttpTest extends HttpTestBase {

    private Api api;

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> properties = new HashMap<>(super.getProperties());
        properties.put("ruleworks.api.field-validation", "Strict");
        return properties;
    }

    @BeforeAll
    void issueKey() {
        api = as(keys().adminOfNewTenant().apiKey());
    }

    @Test
    void unknown_fields_and_parameters_are_refused_by_default() {
        assertThat(api.post(RULES, aRule().set("nmae", "typo").json()).expectStatus(400).errorField()).isEqualTo("nmae");
        assertThat(api.get(RULES + "?_=1").expectStatus(400).errorField()).isEqualTo("_");
    }

    @Test
    void a_request_may_ask_for_warn() {
        Reply reply = api.withHeader("X-Ruleworks-Field-Validation", "Warn").get(RULES + "?_=1").expectStatus(200);

        assertThat(reply.headers().allValues("Warning")).containsExactly("299 - \"unknown query parameter \\\"_\\\"\"");
    }
}

