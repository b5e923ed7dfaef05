package io.ruleworks.adapter.out.persistence.support;

import io.ruleworks.adapter.out.persistence.testing.FreshDatabaseTest;
import io.ruleworks.adapter.out.persistence.access.PostgresTenantRepository;
import io.micronaut.context.ApplicationContext;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.ruleworks.adapter.out.persistence.testing.TestDatabase;
import io.ruleworks.domain.shared.TenantId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Creating the configured database on first start. Databases this test creates get names of their
 * own and are dropped after each test; the class's own database (from {@link TestDatabase},
 * migrated when the test context starts) plays the one that already exists.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DatabaseCreatorTest extends FreshDatabaseTest {

    private final List<String> toDrop = new ArrayList<>();

    @AfterEach
    void dropCreatedDatabases() throws SQLException {
        for (String name : toDrop) {
            maintenance("DROP DATABASE IF EXISTS \"" + name.replace("\"", "\"\"") + "\" WITH (FORCE)");
        }
        toDrop.clear();
    }

    private String uniqueName(String prefix) {
        String name = prefix + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        toDrop.add(name);
        return name;
    }

    private static void maintenance(String statement) throws SQLException {
        try (Connection c = DriverManager.getConnection(TestDatabase.SERVER + "/postgres", TestDatabase.USER, "");
             Statement s = c.createStatement()) {
            s.execute(statement);
        }
    }

    private static long databaseOid(String name) {
        try (Connection c = DriverManager.getConnection(TestDatabase.SERVER + "/postgres", TestDatabase.USER, "");
             var ps = c.prepareStatement("SELECT oid FROM pg_database WHERE datname = ?")) {
            ps.setString(1, name);
            try (var rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : -1;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void a_missing_database_is_created() {
        String name = uniqueName("rw_test_creator_");

        DatabaseCreator.createIfMissing(TestDatabase.SERVER + "/" + name + "?connectTimeout=5", TestDatabase.USER, "");

        assertThat(databaseOid(name)).isPositive();
    }

    @Test
    void an_existing_database_is_left_as_it_is() {
        long before = databaseOid(database.name());
        long tenantTables = sql.count("SELECT count(*) FROM pg_tables WHERE tablename = 'tenants'");

        DatabaseCreator.createIfMissing(database.url(), TestDatabase.USER, "");

        assertThat(databaseOid(database.name())).isEqualTo(before);
        assertThat(tenantTables).isEqualTo(1);
        assertThat(sql.count("SELECT count(*) FROM pg_tables WHERE tablename = 'tenants'")).isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"rw-test-dash-", "rw_test_quote\"x_", "rw_test_space%20x_", "rw_test_semicolon;x_"})
    void a_name_outside_letters_digits_and_underscore_is_not_created(String prefix) {
        String name = uniqueName(prefix);

        DatabaseCreator.createIfMissing(TestDatabase.SERVER + "/" + name, TestDatabase.USER, "");

        assertThat(databaseOid(name)).isEqualTo(-1);
        assertThat(databaseOid(name.replace("%20", " "))).isEqualTo(-1);
    }

    @Test
    void starting_a_context_against_a_missing_database_creates_and_migrates_it() {
        String name = uniqueName("rw_test_creator_ctx_");
        Map<String, Object> properties = Map.of(
                "datasources.default.url", TestDatabase.SERVER + "/" + name,
                "datasources.default.username", TestDatabase.USER,
                "datasources.default.password", "");

        try (ApplicationContext context = ApplicationContext.builder().environments("test").properties(properties)
                .start()) {
            assertThat(context.getBean(PostgresTenantRepository.class).exists(new TenantId(UUID.randomUUID())))
                    .isFalse();
        }
        assertThat(databaseOid(name)).isPositive();
    }
}
