package io.ruleworks.adapter.out.action.database;

import io.ruleworks.application.port.DependencyUnavailableException;
import io.ruleworks.application.port.out.action.ActionFailedException;
import io.ruleworks.application.port.out.action.ActionRunner.Invocation;
import io.ruleworks.application.port.out.action.TargetDatabase;
import io.ruleworks.domain.execution.ExecutionId;
import io.ruleworks.domain.rule.ActionConfig;
import io.ruleworks.domain.rule.ActionType;
import io.ruleworks.domain.rule.RuleId;
import io.ruleworks.domain.shared.TenantId;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * How the runner maps a rendered config onto the port and the port's answers onto results and
 * failures (the writes themselves are tested against PostgreSQL in adapters-persistence and end
 * to end in bootstrap).
 */
class DatabaseUpdateRunnerTest {

    /** Records calls and answers with a fixed outcome or failure. */
    private static final class ScriptedTarget implements TargetDatabase {
        final List<String> calls = new ArrayList<>();
        RuntimeException failure;

        private Outcome answer(String call) {
            calls.add(call);
            if (failure != null) {
                throw failure;
            }
            return new Outcome(2, List.of(Map.of("id", 1), Map.of("id", 2)), true);
        }

        @Override
        public Outcome insert(String table, Map<String, Object> data, boolean returnRows, Duration timeout) {
            return answer("insert " + table + " " + data + " " + returnRows);
        }

        @Override
        public Outcome update(String table, Map<String, Object> data, Map<String, Object> conditions,
                              boolean returnRows, Duration timeout) {
            return answer("update " + table + " " + data + " " + conditions + " " + returnRows + " " + timeout);
        }

        @Override
        public Outcome delete(String table, Map<String, Object> conditions, boolean returnRows, Duration timeout) {
            return answer("delete " + table + " " + conditions + " " + returnRows);
        }

        @Override
        public ViewRows readView(String view, int maxRows, Duration timeout) {
            throw new AssertionError("database_update never reads views");
        }
    }

    private final ScriptedTarget target = new ScriptedTarget();
    private final DatabaseUpdateRunner runner = new DatabaseUpdateRunner(target);

    private static Invocation invocation(Map<String, Object> config) {
        return new Invocation(new TenantId(UUID.randomUUID()), RuleId.newId(), ExecutionId.newId(), 0, 1, 1, config,
                Duration.ofSeconds(7), "k", Map.of(), ActionConfig.parse(ActionType.DATABASE_UPDATE, config));
    }

    @Test
    void an_update_passes_table_data_conditions_and_timeout_and_records_the_count() {
        Map<String, Object> result = runner.run(invocation(Map.of("table", "tickets", "operation", "update",
                "data", Map.of("status", "closed"), "conditions", Map.of("id", 4))));

        assertThat(target.calls).containsExactly("update tickets {status=closed} {id=4} false PT7S");
        assertThat(result).isEqualTo(Map.of("table", "tickets", "operation", "update", "affected_rows", 2L));
    }

    @Test
    void return_updated_adds_the_rows_and_whether_they_were_cut() {
        Map<String, Object> result = runner.run(invocation(Map.of("table", "tickets", "operation", "delete",
                "conditions", Map.of("id", 4), "return_updated", true)));

        assertThat(target.calls).containsExactly("delete tickets {id=4} true");
        assertThat(result).containsEntry("rows", List.of(Map.of("id", 1), Map.of("id", 2)))
                .containsEntry("rows_truncated", true);
    }

    @Test
    void a_refused_write_fails_for_good_with_its_reason_as_code() {
        target.failure = new TargetDatabase.Refused(TargetDatabase.Refused.Reason.TYPE_MISMATCH, "value for priority");

        ActionFailedException failed = catchThrowableOfType(ActionFailedException.class, () -> runner.run(
                invocation(Map.of("table", "tickets", "operation", "insert", "data", Map.of("priority", "x")))));

        assertThat(failed.code()).isEqualTo("DATABASE_TYPE_MISMATCH");
        assertThat(failed.retryable()).isFalse();
    }

    @Test
    void an_unreachable_target_fails_retryably() {
        target.failure = new DependencyUnavailableException("target database", new IOException("connection refused"));

        ActionFailedException failed = catchThrowableOfType(ActionFailedException.class, () -> runner.run(
                invocation(Map.of("table", "tickets", "operation", "insert", "data", Map.of("priority", 1)))));

        assertThat(failed.code()).isEqualTo("DATABASE_UNAVAILABLE");
        assertThat(failed.retryable()).isTrue();
        assertThat(failed.getMessage()).contains("connection refused");
    }
}
