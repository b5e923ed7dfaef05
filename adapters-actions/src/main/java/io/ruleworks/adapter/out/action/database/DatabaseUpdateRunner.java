package io.ruleworks.adapter.out.action.database;

import io.micronaut.context.annotation.Requires;
import io.ruleworks.application.port.DependencyUnavailableException;
import io.ruleworks.application.port.out.action.ActionFailedException;
import io.ruleworks.application.port.out.action.ActionRunner;
import io.ruleworks.application.port.out.action.TargetDatabase;
import io.ruleworks.application.port.out.action.TargetDatabase.Outcome;
import io.ruleworks.domain.rule.ActionType;
import io.ruleworks.domain.rule.DatabaseUpdateConfig;
import jakarta.inject.Singleton;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * database_update: maps the rendered config (table, operation, data, conditions, return_updated)
 * onto the {@link TargetDatabase} port. Present only when a target database is configured. The
 * result is {@code {table, operation, affected_rows}} plus {@code rows} and {@code rows_truncated}
 * with return_updated. A write that cannot succeed fails for good (DATABASE_TYPE_MISMATCH,
 * DATABASE_CONSTRAINT_VIOLATION, ...); an unreachable or busy target fails retryably
 * (DATABASE_UNAVAILABLE).
 */
@Singleton
@Requires(beans = TargetDatabase.class)
public class DatabaseUpdateRunner implements ActionRunner {

    private final TargetDatabase database;

    public DatabaseUpdateRunner(TargetDatabase database) {
        this.database = database;
    }

    @Override
    public ActionType type() {
        return ActionType.DATABASE_UPDATE;
    }

    @Override
    public Map<String, Object> run(Invocation invocation) {
        DatabaseUpdateConfig config = invocation.typedConfig(DatabaseUpdateConfig.class);
        String table = config.table();
        String operation = config.operation();
        Map<String, Object> data = config.data();
        Map<String, Object> conditions = config.conditions();
        boolean returnRows = config.returnUpdated();
        Outcome outcome;
        try {
            outcome = switch (operation) {
                case "insert" -> database.insert(table, data, returnRows, invocation.timeout());
                case "update" -> database.update(table, data, conditions, returnRows, invocation.timeout());
                case "delete" -> database.delete(table, conditions, returnRows, invocation.timeout());
                default -> throw new ActionFailedException("INVALID_ACTION_CONFIG", "unknown operation " + operation,
                        false);
            };
        } catch (TargetDatabase.Refused e) {
            throw new ActionFailedException("DATABASE_" + e.reason().name(), e.getMessage(), false, e);
        } catch (DependencyUnavailableException e) {
            throw new ActionFailedException("DATABASE_UNAVAILABLE", "The target database is unavailable: "
                    + (e.getCause() == null ? e.getMessage() : e.getCause().getMessage()), true, e);
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("table", table);
        result.put("operation", operation);
        result.put("affected_rows", outcome.affectedRows());
        if (returnRows) {
            result.put("rows", outcome.rows());
            result.put("rows_truncated", outcome.rowsTruncated());
        }
        return result;
    }
}
