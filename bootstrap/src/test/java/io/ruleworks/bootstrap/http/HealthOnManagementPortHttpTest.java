package io.ruleworks.bootstrap.http;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import com.fasterxml.jackson.databind.JsonNode;
import io.ruleworks.bootstrap.http.support.HttpTestBase;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** With a management port of its own (endpoints.all.port), /health there shows its details to anyone who reaches it. */
@MicronautTest(transactional = false)
class HealthOnManagementPortHttpTest extends HttpTestBase {

    private final int managementPort = freePort();

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> properties = new java.util.HashMap<>(super.getProperties());
        properties.put("endpoints.all.port", String.valueOf(managementPort));
        return properties;
    }

    @Test
    void the_management_port_shows_health_details_without_a_key() throws Exception {
        JsonNode health = Health.get(managementPort, null);

        assertThat(health.path("status").asText()).isEqualTo("UP");
        assertThat(health.path("details").path("jdbc").path("status").asText()).as(health.toString()).isEqualTo("UP");
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
