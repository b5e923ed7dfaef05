package io.ruleworks.bootstrap.http;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.ruleworks.application.port.in.access.IssueApiKeyUseCase.IssuedApiKey;
import io.ruleworks.bootstrap.http.support.HttpTestBase;
import io.ruleworks.bootstrap.http.support.Reply;
import com.fasterxml.jackson.databind.JsonNode;
import io.ruleworks.domain.access.Permission;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** GET /health on the service port: the status for anyone, the details (database URL, versions) only for an admin key. */
@MicronautTest(transactional = false)
class HealthDetailsHttpTest extends HttpTestBase {

    @Test
    void an_anonymous_caller_gets_the_status_only() {
        Reply reply = anonymous().get("/health").expectStatus(200);

        assertThat(reply.json().path("status").asText()).isEqualTo("UP");
        assertThat(reply.json().path("details").isObject()).as(reply.body()).isFalse();
        assertThat(reply.body()).doesNotContain("jdbc:").doesNotContain("PostgreSQL");
    }

    @Test
    void an_admin_key_gets_the_details() throws Exception {
        IssuedApiKey admin = keys().adminOfNewTenant();

        JsonNode health = Health.get(server.getPort(), admin.apiKey());

        assertThat(health.path("details").path("jdbc").path("status").asText()).as(health.toString()).isEqualTo("UP");
    }

    @Test
    void a_key_without_every_permission_or_an_unknown_key_gets_the_status_only() {
        IssuedApiKey reader = keys().without(keys().adminOfNewTenant().tenant(), Permission.DELETE);

        assertThat(as(reader.apiKey()).get("/health").expectStatus(200).json().path("details").isObject()).isFalse();
        assertThat(as("rw_not_a_key").get("/health").expectStatus(200).json().path("details").isObject()).isFalse();
    }
}
