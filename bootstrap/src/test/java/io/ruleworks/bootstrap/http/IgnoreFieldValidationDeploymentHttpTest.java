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

/** A deployment with ruleworks.api.field-validation=Ignore: unknown fields are dropped without a Warning. */
@MicronautTest(transactional = false)
class IgnoreFieldValidationDeploymentHttpTest extends HttpTestBase {

    private Api api;

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> properties = new HashMap<>(super.getProperties());
        properties.put("ruleworks.api.field-validation", "Ignore");
        return properties;
    }

    @BeforeAll
    void issueKey() {
        api = as(keys().adminOfNewTenant().apiKey());
    }

    @Test
    void unknown_fields_are_dropped_without_a_warning() {
        Reply reply = api.post(RULES + "?_=1", aRule().set("nmae", "typo").json()).expectStatus(201);

        assertThat(reply.headers().allValues("Warning")).isEmpty();
    }
}
