package io.ruleworks.adapter.out.persistence.targetdb;

import io.ruleworks.adapter.out.persistence.testing.DirectSql;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.micronaut.json.JsonMapper;
import io.ruleworks.adapter.out.persistence.testing.TestDatabase;
import io.ruleworks.application.port.out.action.TargetDatabase;
import io.ruleworks.application.port.out.action.TargetDatabase.Refused;
import io.ruleworks.application.port.out.action.TargetDatabase.Refused.Reason;
import io.ruleworks.application.port.out.action.TargetDatabase.ViewRows;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Duration;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * condition_based sql_view sources against a fixture view in a fresh PostgreSQL database: rows come
 * back as JSON values, bounded, and only allowlisted views can be read.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PostgresConditionViewTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final TestDatabase database = TestDatabase.create();
    private final DirectSql sql = new DirectSql(database);
    private HikariDataSource pool;
    private TargetDatabase target;

    @BeforeAll
    void connect() {
        sql.update("CREATE TABLE tickets (id bigint PRIMARY KEY, status text, due timestamptz, escalated boolean,"
                + " secret text)");
        sql.update("INSERT INTO tickets VALUES (1, 'open', '2026-03-01T08:00:00Z', false, 's1'),"
                + " (2, 'open', '2026-03-02T08:00:00Z', true, 's2'), (3, 'closed', NULL, false, 's3')");
        sql.update("CREATE VIEW overdue_tickets AS SELECT id, status, due, escalated FROM tickets"
                + " WHERE status = 'open' ORDER BY id");
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(database.url());
        config.setUsername(TestDatabase.USER);
        config.setMaximumPoolSize(2);
        pool = new HikariDataSource(config);
        target = new PostgresTargetDatabase(pool, "public", Map.of("tickets", Set.of("id", "status")),
                Set.of("overdue_tickets"), JsonMapper.createDefault());
    }

    @AfterAll
    void close() {
        pool.close();
    }

    @Test
    void an_allowlisted_view_is_read_with_json_values() {
        ViewRows rows = target.readView("overdue_tickets", 100, TIMEOUT);

        assertThat(rows.truncated()).isFalse();
        assertThat(rows.rows()).hasSize(2);
        assertThat(rows.rows().getFirst()).containsEntry("id", 1).containsEntry("status", "open")
                .containsEntry("escalated", false).containsKey("due").doesNotContainKey("secret");
        assertThat(String.valueOf(rows.rows().getFirst().get("due"))).startsWith("2026-03-01T");
    }

    @Test
    void at_most_the_bound_is_read_and_a_longer_view_is_marked_truncated() {
        ViewRows rows = target.readView("overdue_tickets", 1, TIMEOUT);

        assertThat(rows.rows()).hasSize(1);
        assertThat(rows.truncated()).isTrue();
    }

    @Test
    void a_table_or_any_other_name_is_refused_without_reaching_the_database() {
        for (String name : new String[] {"tickets", "OVERDUE_TICKETS", "overdue_tickets; DROP TABLE tickets",
                "pg_catalog.pg_authid"}) {
            Refused refused = catchThrowableOfType(Refused.class, () -> target.readView(name, 10, TIMEOUT));

            assertThat(refused.reason()).isEqualTo(Reason.NOT_ALLOWED);
        }
        assertThat(sql.count("SELECT count(*) FROM tickets")).isEqualTo(3);
    }

    @Test
    void an_allowlisted_view_missing_from_the_database_is_a_schema_mismatch() {
        TargetDatabase misconfigured = new PostgresTargetDatabase(pool, "public", Map.of(), Set.of("gone"),
                JsonMapper.createDefault());

        Refused refused = catchThrowableOfType(Refused.class, () -> misconfigured.readView("gone", 10, TIMEOUT));

        assertThat(refused.reason()).isEqualTo(Reason.SCHEMA_MISMATCH);
    }

    @Test
    void the_view_is_read_in_a_read_only_transaction() {
        sql.update("CREATE OR REPLACE FUNCTION bump() RETURNS int LANGUAGE sql AS 'INSERT INTO tickets VALUES (99) RETURNING 1'");
        sql.update("CREATE OR REPLACE VIEW writing AS SELECT bump() AS id");
        TargetDatabase writer = new PostgresTargetDatabase(pool, "public", Map.of(), Set.of("writing"),
                JsonMapper.createDefault());

        Refused refused = catchThrowableOfType(Refused.class, () -> writer.readView("writing", 10, TIMEOUT));

        assertThat(refused).isNotNull();
        assertThat(sql.count("SELECT count(*) FROM tickets WHERE id = 99")).isZero();
    }
}
