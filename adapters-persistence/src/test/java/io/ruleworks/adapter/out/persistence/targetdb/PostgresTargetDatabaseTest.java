package io.ruleworks.adapter.out.persistence.targetdb;

import io.ruleworks.adapter.out.persistence.testing.DirectSql;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.micronaut.json.JsonMapper;
import io.ruleworks.adapter.out.persistence.testing.TestDatabase;
import io.ruleworks.application.port.DependencyUnavailableException;
import io.ruleworks.application.port.out.action.TargetDatabase;
import io.ruleworks.application.port.out.action.TargetDatabase.Outcome;
import io.ruleworks.application.port.out.action.TargetDatabase.Refused;
import io.ruleworks.application.port.out.action.TargetDatabase.Refused.Reason;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.function.Executable;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * database_update's writes against a fixture table in a fresh PostgreSQL database: only the
 * intended rows change, values are typed by their column, and nothing a rule writes ever becomes
 * SQL.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PostgresTargetDatabaseTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final Set<String> COLUMNS = Set.of("id", "status", "priority", "escalated", "due", "owner",
            "details", "Mixed Case", "vanished");

    private final TestDatabase database = TestDatabase.create();
    private final DirectSql sql = new DirectSql(database);
    private HikariDataSource pool;
    private TargetDatabase target;

    @BeforeAll
    void connect() {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(database.url());
        config.setUsername(TestDatabase.USER);
        config.setMaximumPoolSize(2);
        pool = new HikariDataSource(config);
        target = new PostgresTargetDatabase(pool, "public", Map.of("tickets", COLUMNS), JsonMapper.createDefault());
    }

    @AfterAll
    void close() {
        pool.close();
    }

    @BeforeEach
    void fixture() {
        sql.update("DROP TABLE IF EXISTS tickets, x");
        sql.update("CREATE TABLE tickets (id bigint PRIMARY KEY, status text NOT NULL DEFAULT 'open', priority int,"
                + " escalated boolean, due timestamptz, owner uuid, details jsonb, secret text, \"Mixed Case\" text)");
        sql.update("CREATE TABLE x (id int)");
        sql.update("INSERT INTO x VALUES (1)");
        sql.update("INSERT INTO tickets (id, status, secret) VALUES (1, 'open', 's1'), (2, 'open', 's2'),"
                + " (3, 'closed', 's3')");
    }

    private List<String> rows() {
        return sql.query("SELECT id || ':' || status || ':' || coalesce(priority::text, '-') || ':' || secret"
                + " FROM tickets ORDER BY id", rs -> rs.getString(1));
    }

    private static final List<String> UNTOUCHED = List.of("1:open:-:s1", "2:open:-:s2", "3:closed:-:s3");

    private static Map<String, Object> map(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    private Refused refusal(Executable write) {
        return catchThrowableOfType(Refused.class, () -> {
            try {
                write.execute();
            } catch (Throwable t) {
                throw t instanceof RuntimeException r ? r : new RuntimeException(t);
            }
        });
    }

    @Test
    void an_update_changes_only_the_rows_matching_every_condition() {
        Outcome outcome = target.update("tickets", map("status", "closed", "priority", 2),
                map("id", 1, "status", "open"), false, TIMEOUT);

        assertThat(outcome.affectedRows()).isEqualTo(1);
        assertThat(outcome.rows()).isEmpty();
        assertThat(rows()).containsExactly("1:closed:2:s1", "2:open:-:s2", "3:closed:-:s3");
    }

    @Test
    void an_insert_binds_each_value_with_the_type_of_its_column() {
        String owner = UUID.randomUUID().toString();

        Outcome outcome = target.insert("tickets", map("id", 10, "status", "new", "priority", "7", "escalated", true,
                "due", "2026-03-01T09:00:00+01:00", "owner", owner, "details", map("tags", List.of("a", 1)),
                "Mixed Case", "ok"), false, TIMEOUT);

        assertThat(outcome.affectedRows()).isEqualTo(1);
        assertThat(sql.query("SELECT priority, escalated, due, owner, details::text, \"Mixed Case\" FROM tickets"
                + " WHERE id = 10", rs -> List.of(rs.getInt(1), rs.getBoolean(2),
                rs.getObject(3, OffsetDateTime.class).toInstant().toString(), rs.getObject(4, UUID.class).toString(),
                rs.getString(5), rs.getString(6)))).containsExactly(List.of(7, true, "2026-03-01T08:00:00Z", owner,
                "{\"tags\": [\"a\", 1]}", "ok"));
    }

    @Test
    void a_delete_removes_only_the_matching_row_and_a_null_condition_means_is_null() {
        sql.update("UPDATE tickets SET priority = 1 WHERE id = 3");

        Outcome outcome = target.delete("tickets", map("priority", null, "id", 2), false, TIMEOUT);

        assertThat(outcome.affectedRows()).isEqualTo(1);
        assertThat(rows()).containsExactly("1:open:-:s1", "3:closed:1:s3");
    }

    @Test
    void a_value_that_does_not_fit_its_column_is_refused_as_a_type_mismatch_and_nothing_changes() {
        for (Map<String, Object> data : List.of(map("priority", "high"), map("escalated", "maybe"),
                map("owner", "not-a-uuid"), map("due", "yesterday"), map("priority", 1.5), map("status", map("a", 1)),
                map("priority", 9_999_999_999L))) {
            Refused refused = refusal(() -> target.update("tickets", data, map("id", 1), false, TIMEOUT));

            assertThat(refused.reason()).as(data.toString()).isEqualTo(Reason.TYPE_MISMATCH);
        }
        assertThat(rows()).isEqualTo(UNTOUCHED);
    }

    @Test
    void a_constraint_violation_is_refused_as_such() {
        Refused refused = refusal(() -> target.insert("tickets", map("id", 1, "status", "dup"), false, TIMEOUT));

        assertThat(refused.reason()).isEqualTo(Reason.CONSTRAINT_VIOLATION);
        assertThat(refused.getMessage()).startsWith("SQLSTATE 23505");
    }

    @Test
    void a_table_name_carrying_sql_is_refused_before_any_statement() {
        for (String table : List.of("t; DROP TABLE x", "tickets; DROP TABLE x", "tickets\" ; DROP TABLE x; --",
                "public.tickets", "TICKETS")) {
            Refused refused = refusal(() -> target.delete(table, map("id", 1), false, TIMEOUT));

            assertThat(refused.reason()).as(table).isEqualTo(Reason.NOT_ALLOWED);
        }
        assertThat(sql.count("SELECT count(*) FROM x")).isEqualTo(1);
        assertThat(rows()).isEqualTo(UNTOUCHED);
    }

    @Test
    void a_column_name_carrying_sql_is_refused_in_data_and_in_conditions() {
        Refused inData = refusal(() -> target.update("tickets", map("a\" = 1 --", 1), map("id", 1), false, TIMEOUT));
        Refused inConditions = refusal(() -> target.delete("tickets", map("id\" = id OR \"id", 1), false, TIMEOUT));
        Refused notAllowlisted = refusal(() -> target.update("tickets", map("secret", "x"), map("id", 1), false,
                TIMEOUT));

        assertThat(List.of(inData.reason(), inConditions.reason(), notAllowlisted.reason()))
                .containsOnly(Reason.NOT_ALLOWED);
        assertThat(rows()).isEqualTo(UNTOUCHED);
    }

    @Test
    void a_value_carrying_sql_is_stored_as_text_and_changes_nothing_else() {
        String payload = "'; DELETE FROM tickets; --";

        Outcome updated = target.update("tickets", map("status", payload), map("id", 1), false, TIMEOUT);
        Outcome deleted = target.delete("tickets", map("status", "open' OR '1'='1"), false, TIMEOUT);

        assertThat(updated.affectedRows()).isEqualTo(1);
        assertThat(deleted.affectedRows()).isZero();
        assertThat(rows()).containsExactly("1:" + payload + ":-:s1", "2:open:-:s2", "3:closed:-:s3");
        assertThat(sql.count("SELECT count(*) FROM x")).isEqualTo(1);
    }

    @Test
    void an_update_or_delete_without_conditions_is_refused_and_nothing_changes() {
        assertThat(refusal(() -> target.update("tickets", map("status", "x"), Map.of(), false, TIMEOUT)).reason())
                .isEqualTo(Reason.NOT_ALLOWED);
        assertThat(refusal(() -> target.delete("tickets", Map.of(), false, TIMEOUT)).reason())
                .isEqualTo(Reason.NOT_ALLOWED);
        assertThat(rows()).isEqualTo(UNTOUCHED);
    }

    @Test
    void return_updated_gives_the_changed_rows_with_allowlisted_columns_only() {
        Outcome outcome = target.update("tickets", map("priority", 3), map("status", "open"), true, TIMEOUT);

        assertThat(outcome.affectedRows()).isEqualTo(2);
        assertThat(outcome.rowsTruncated()).isFalse();
        assertThat(outcome.rows()).extracting(r -> r.get("id")).containsExactlyInAnyOrder(1, 2);
        assertThat(outcome.rows()).allSatisfy(r -> {
            assertThat(r).containsEntry("priority", 3).containsEntry("status", "open").doesNotContainKey("secret");
        });
    }

    @Test
    void returned_rows_are_bounded_while_every_row_is_counted_and_changed() {
        sql.update("INSERT INTO tickets (id, status, secret) SELECT g, 'bulk', 's' FROM generate_series(100, 249) g");

        Outcome outcome = target.update("tickets", map("priority", 9), map("status", "bulk"), true, TIMEOUT);

        assertThat(outcome.affectedRows()).isEqualTo(150);
        assertThat(outcome.rows()).hasSize(TargetDatabase.MAX_RETURNED_ROWS);
        assertThat(outcome.rowsTruncated()).isTrue();
        assertThat(sql.count("SELECT count(*) FROM tickets WHERE priority = 9")).isEqualTo(150);
    }

    @Test
    void an_allowlisted_column_missing_from_the_table_is_a_schema_mismatch() {
        assertThat(refusal(() -> target.update("tickets", map("vanished", 1), map("id", 1), false, TIMEOUT)).reason())
                .isEqualTo(Reason.SCHEMA_MISMATCH);
    }

    @Test
    void an_unreachable_target_is_reported_as_unavailable_so_the_action_can_be_retried() {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl("jdbc:postgresql://127.0.0.1:1/none");
        config.setUsername(TestDatabase.USER);
        config.setConnectionTimeout(250);
        config.setInitializationFailTimeout(-1);
        try (HikariDataSource nowhere = new HikariDataSource(config)) {
            TargetDatabase unreachable = new PostgresTargetDatabase(nowhere, "public", Map.of("tickets", COLUMNS),
                    JsonMapper.createDefault());

            assertThatThrownBy(() -> unreachable.delete("tickets", map("id", 1), false, TIMEOUT))
                    .isInstanceOf(DependencyUnavailableException.class);
        }
    }
}
