package io.ruleworks.bootstrap;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.micronaut.configuration.jdbc.hikari.DatasourceConfiguration;
import io.micronaut.inject.qualifiers.Qualifiers;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.ResultSet;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The only test that runs the embedded default database (every other test uses the local
 * server): with no datasource URL configured, the service starts its own PostgreSQL, migrates it
 * with the same Flyway schema, serves, stops the server with itself, and finds its data again on
 * the next start. Run as root (as here), this also proves the unprivileged-user path.
 */
class EmbeddedDatabaseIT {

    @TempDir
    Path temp;

    @Test
    void with_no_datasource_configured_the_service_runs_migrates_and_stops_its_own_postgres() throws Exception {
        Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path dir = temp.resolve("embedded");
        Map<String, Object> properties = Map.of(
                "ruleworks.database.embedded.enabled", true,
                "ruleworks.database.embedded.dir", dir.toString(),
                "micronaut.server.port", -1);

        int migrations;
        try (EmbeddedServer server = ApplicationContext.run(EmbeddedServer.class, properties, "test")) {
            try (Connection c = connect(server.getApplicationContext());
                 ResultSet rs = c.createStatement().executeQuery(
                         "SELECT current_database(), count(*) FROM flyway_schema_history WHERE success")) {
                rs.next();
                assertThat(rs.getString(1)).isEqualTo("ruleworks");
                migrations = rs.getInt(2);
                assertThat(migrations).isPositive();
                c.createStatement().execute("INSERT INTO tenants (tenant, name, created_at) VALUES (gen_random_uuid(), 'kept', now())");
            }
            HttpResponse<String> health = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + server.getPort() + "/health")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(dir.resolve("pgdata").resolve("postmaster.pid")).exists();
        }
        assertThat(dir.resolve("pgdata").resolve("postmaster.pid")).as("stopped with the service").doesNotExist();

        try (ApplicationContext again = ApplicationContext.run(properties, "test")) {
            try (Connection c = connect(again);
                 ResultSet rs = c.createStatement().executeQuery(
                         "SELECT (SELECT count(*) FROM flyway_schema_history WHERE success),"
                                 + " (SELECT count(*) FROM tenants WHERE name = 'kept')")) {
                rs.next();
                assertThat(rs.getInt(1)).isEqualTo(migrations);
                assertThat(rs.getInt(2)).isEqualTo(1);
            }
        }
        assertThat(dir.resolve("pgdata").resolve("postmaster.pid")).doesNotExist();
    }

    private static Connection connect(ApplicationContext context) throws SQLException {
        DatasourceConfiguration config = context.getBean(DatasourceConfiguration.class, Qualifiers.byName("default"));
        assertThat(config.getUrl()).startsWith("jdbc:postgresql://127.0.0.1:").doesNotContain(":5432/");
        return DriverManager.getConnection(config.getUrl(), config.getUsername(), config.getPassword());
    }
}
