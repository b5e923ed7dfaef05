package io.ruleworks.bootstrap.http;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.ruleworks.bootstrap.http.support.Api;
import io.ruleworks.bootstrap.http.support.HttpTestBase;
import io.ruleworks.bootstrap.http.support.Reply;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Optional;
import java.util.UUID;

import static io.ruleworks.bootstrap.http.support.Api.RULES;
import static io.ruleworks.bootstrap.http.support.RuleJson.aRule;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The framework's own refusals come in the contract's envelope too. (Every reply of every test is
 * also checked by {@link Api} for leaked exception names, SQL and stack frames.)
 */
@MicronautTest(transactional = false)
class ErrorEnvelopeHttpTest extends HttpTestBase {

    private static final int ONE_MEGABYTE = 1024 * 1024;
    private static final String BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";

    private Api api;

    @BeforeAll
    void issueKey() {
        api = as(keys().adminOfNewTenant().apiKey());
    }

    @Test
    void an_unknown_api_route_is_not_found_in_the_envelope() {
        Reply reply = api.get("/api/v1/automation/rulez").expectStatus(404);

        assertThat(reply.errorCode()).isEqualTo("NOT_FOUND");
        assertThat(reply.json().path("error").has("details")).isTrue();
    }

    @Test
    void an_unknown_route_outside_the_api_is_not_found_in_the_envelope() {
        Reply reply = anonymous().get("/no/such/page").expectStatus(404);

        assertThat(reply.errorCode()).isEqualTo("NOT_FOUND");
    }

    @Test
    void a_wrong_method_is_not_allowed_in_the_envelope() {
        Reply onItem = api.send("POST", RULES + "/" + UUID.randomUUID(), Optional.of("application/json"), "{}")
                .expectStatus(405);
        Reply onCollection = api.delete(RULES).expectStatus(405);

        assertThat(onItem.errorCode()).isEqualTo("METHOD_NOT_ALLOWED");
        assertThat(onCollection.errorCode()).isEqualTo("METHOD_NOT_ALLOWED");
        assertThat(onCollection.errorDetails().path("method").asText()).isEqualTo("DELETE");
    }

    @Test
    void a_body_in_another_charset_is_an_unsupported_media_type_in_the_envelope() {
        Reply reply = api.send("POST", RULES, Optional.of("text/plain; charset=iso-8859-1"), aRule().json())
                .expectStatus(415);

        assertThat(reply.errorCode()).isEqualTo("UNSUPPORTED_MEDIA_TYPE");
    }

    @Test
    void a_body_that_is_not_json_is_refused_in_the_envelope_whatever_its_content_type() {
        Reply reply = api.send("POST", RULES, Optional.of("text/plain"), "name=x").expectStatus(400);

        assertThat(reply.errorCode()).isEqualTo("VALIDATION_ERROR");
        assertThat(reply.errorField()).isEqualTo("body");
    }

    @Test
    void a_body_over_one_megabyte_is_too_large_in_the_envelope() {
        String huge = aRule().set("description", "d".repeat(ONE_MEGABYTE)).json();

        Reply reply = api.post(RULES, huge).expectStatus(413);

        assertThat(reply.errorCode()).isEqualTo("PAYLOAD_TOO_LARGE");
    }

    @Test
    void a_body_just_under_the_limit_is_read_and_validated() {
        String big = aRule().set("description", "d".repeat(ONE_MEGABYTE - 1_000)).json();

        Reply reply = api.post(RULES, big).expectStatus(400);

        assertThat(reply.errorField()).isEqualTo("description");
    }

    @Test
    void a_client_that_prefers_html_still_gets_the_envelope() {
        Api browser = api.withHeader("Accept", BROWSER_ACCEPT);

        assertThat(browser.get("/api/v1/automation/rulez").expectStatus(404).errorCode()).isEqualTo("NOT_FOUND");
        assertThat(anonymous().withHeader("Accept", BROWSER_ACCEPT).get("/no/such/page").expectStatus(404).errorCode())
                .isEqualTo("NOT_FOUND");
        assertThat(browser.delete(RULES).expectStatus(405).errorCode()).isEqualTo("METHOD_NOT_ALLOWED");
        assertThat(browser.send("POST", RULES, Optional.of("text/plain; charset=iso-8859-1"), "x").expectStatus(415)
                .errorCode()).isEqualTo("UNSUPPORTED_MEDIA_TYPE");
        assertThat(browser.send("POST", RULES, Optional.of("text/plain"), "x").expectStatus(400).errorCode())
                .isEqualTo("VALIDATION_ERROR");
        assertThat(browser.post(RULES, aRule().set("description", "d".repeat(ONE_MEGABYTE)).json()).expectStatus(413)
                .errorCode()).isEqualTo("PAYLOAD_TOO_LARGE");
    }

    @Test
    void a_client_that_accepts_only_html_is_told_so_in_the_envelope() {
        Reply reply = api.withHeader("Accept", "text/html").get(RULES).expectStatus(406);

        assertThat(reply.errorCode()).isEqualTo("NOT_ACCEPTABLE");
    }

    @Test
    void a_missing_record_is_not_found_in_the_envelope() {
        Reply reply = api.get(RULES + "/" + UUID.randomUUID()).expectStatus(404);

        assertThat(reply.errorCode()).isEqualTo("NOT_FOUND");
        assertThat(reply.errorDetails().path("resource").asText()).isEqualTo("automation_rule");
    }

    @Test
    void deeply_nested_json_is_refused_without_a_stack_trace() {
        String deep = aRule().json().replaceFirst("\\{\"name\"", "{\"metadata\": " + "{\"a\":".repeat(2_000) + "1" + "}".repeat(2_000)
                        + ", \"name\"");

        Reply reply = api.post(RULES, deep).expectStatus(400);

        assertThat(reply.errorField()).isEqualTo("body");
    }
}
