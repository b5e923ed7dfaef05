package io.ruleworks.adapter.out.persistence.execution;

import io.ruleworks.adapter.out.persistence.support.Jdbc;
import io.ruleworks.application.port.out.execution.ExecutionArchive;
import io.ruleworks.application.port.out.execution.ExecutionArchive.ArchivedExecution;
import io.ruleworks.application.port.out.execution.ExecutionHistory;
import io.ruleworks.domain.execution.ExecutionStatus;
import io.ruleworks.domain.execution.RetentionPolicy;
import io.ruleworks.domain.shared.TenantId;
import jakarta.inject.Singleton;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The purge of finished executions by batched deletes (docs/decisions/0016). Per rule and finished
 * status the retention line is the rule's {@code execution_retention_days}, else the policy's
 * retention of the status; the oldest executions below it are found by walking migration V15's
 * {@code (tenant, automation_rule_id, status, created_at)} index from its start, so a pair with
 * nothing to purge costs one index probe. Victims are locked {@code FOR UPDATE SKIP LOCKED}: a row a
 * retry (or cancel) holds is left alone, and a retry that waits for a purge's lock finds the row gone
 * (404). An execution is purged only when both its creation and its last change are past the line (a
 * retried old execution stays as long as a new one), and never while it is the parent of a pending or
 * running execution or the child of one.
 *
 * <p>The purge turn is a transaction-scoped advisory lock taken with {@code pg_try_advisory_xact_lock}
 * (another instance's purge makes this one stop, not wait), and the same statement marks the
 * transaction with {@code ruleworks.purge = on}, which migration V15's statistics DELETE trigger
 * reads: a purged execution stays counted in the rollup (ADR 0013).
 */
@Singleton
public class PostgresExecutionHistory implements ExecutionHistory {

    static final long PURGE_LOCK = 0x5257505552474531L; // "RWPURGE1"

    private static final List<ExecutionStatus> FINISHED = List.of(ExecutionStatus.COMPLETED, ExecutionStatus.FAILED,
            ExecutionStatus.TIMEOUT, ExecutionStatus.SKIPPED, ExecutionStatus.CANCELLED);

    /** Kept while one of their relatives runs: pending or running executions that have a parent. */
    private static final String LIVE_CHILDREN = """
            live_children AS MATERIALIZED (
                SELECT tenant, parent_execution_id FROM automation_executions
                 WHERE status = 'pending' AND parent_execution_id IS NOT NULL
                UNION ALL
                SELECT tenant, parent_execution_id FROM automation_executions
                 WHERE status = 'running' AND parent_execution_id IS NOT NULL)""";

    private static final String NOT_TIED_TO_A_LIVE_EXECUTION = """
                      AND NOT EXISTS (SELECT FROM live_children c
                                       WHERE c.tenant = x.tenant AND c.parent_execution_id = x.execution_id)
                      AND NOT EXISTS (SELECT FROM automation_executions p
                                       WHERE p.tenant = x.tenant AND p.execution_id = x.parent_execution_id
                                         AND p.status IN ('pending', 'running'))""";

    /** Every (rule, finished status) pair with its retention line: ? now, ? statuses, ? retention seconds. */
    private static final String LINES = """
            lines AS (
                SELECT r.tenant, r.rule_id, s.status,
                       ?::timestamptz - make_interval(secs => coalesce(r.execution_retention_days * 86400.0,
                                                                       s.retention_seconds)) AS line
                  FROM automation_rules r
                 CROSS JOIN unnest(?::text[], ?::float8[]) AS s(status, retention_seconds))""";

    /** ? now, ? statuses, ? retention seconds, ? per-pair limit, ? limit. */
    static final String PURGE_BY_AGE_SQL = """
            WITH %s,
            %s,
            victims AS (
                SELECT v.tenant, v.execution_id
                  FROM lines l
                 CROSS JOIN LATERAL (
                    SELECT x.tenant, x.execution_id
                      FROM automation_executions x
                     WHERE x.tenant = l.tenant AND x.automation_rule_id = l.rule_id AND x.status = l.status
                       AND x.created_at < l.line AND x.updated_at < l.line
            %s
                     ORDER BY x.created_at
                     LIMIT ?
                       FOR UPDATE OF x SKIP LOCKED) v
                 LIMIT ?)
            DELETE FROM automation_executions e
             USING victims v
             WHERE e.tenant = v.tenant AND e.execution_id = v.execution_id""".formatted(
            LIVE_CHILDREN, LINES, NOT_TIED_TO_A_LIVE_EXECUTION);

    /**
     * Per rule, the creation time of its (max + 1)-th newest finished execution (index-only, merged
     * from the five status ranges), and up to the limit of the executions created up to then.
     * ? max (the OFFSET), ? per-pair limit, ? limit.
     */
    static final String PURGE_BY_COUNT_SQL = """
            WITH %s,
            lines AS (
                SELECT r.tenant, r.rule_id, n.created_at AS line
                  FROM automation_rules r
                 CROSS JOIN LATERAL (
                    SELECT created_at FROM (%s) f
                     ORDER BY created_at DESC OFFSET ? LIMIT 1) n),
            victims AS (
                SELECT v.tenant, v.execution_id
                  FROM lines l
                 CROSS JOIN unnest(ARRAY['completed', 'failed', 'timeout', 'skipped', 'cancelled']) AS s(status)
                 CROSS JOIN LATERAL (
                    SELECT x.tenant, x.execution_id
                      FROM automation_executions x
                     WHERE x.tenant = l.tenant AND x.automation_rule_id = l.rule_id AND x.status = s.status
                       AND x.created_at <= l.line
            %s
                     ORDER BY x.created_at
                     LIMIT ?
                       FOR UPDATE OF x SKIP LOCKED) v
                 LIMIT ?)
            DELETE FROM automation_executions e
             USING victims v
             WHERE e.tenant = v.tenant AND e.execution_id = v.execution_id""".formatted(
            LIVE_CHILDREN,
            String.join(" UNION ALL ", FINISHED.stream().map(s -> "SELECT created_at FROM automation_executions "
                    + "WHERE tenant = r.tenant AND automation_rule_id = r.rule_id AND status = '" + s.wire() + "'")
                    .toList()),
            NOT_TIED_TO_A_LIVE_EXECUTION);

    /** What a purge returns for its archive: each deleted row as one JSON object. */
    static final String RETURNING_FOR_ARCHIVE = " RETURNING e.tenant, e.created_at, to_jsonb(e)::text";

    /** ? now, ? statuses, ? retention seconds. */
    static final String LAG_SQL = """
            WITH %s
            SELECT coalesce(max(extract(epoch FROM l.line - o.created_at)), 0)
              FROM lines l
             CROSS JOIN LATERAL (
                SELECT x.created_at FROM automation_executions x
                 WHERE x.tenant = l.tenant AND x.automation_rule_id = l.rule_id AND x.status = l.status
                   AND x.created_at < l.line
                 ORDER BY x.created_at LIMIT 1) o""".formatted(LINES);

    private final Jdbc jdbc;

    public PostgresExecutionHistory(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public boolean takePurgeTurn() {
        return jdbc.run(c -> {
            try (var ps = c.prepareStatement(
                    "SELECT set_config('ruleworks.purge', 'on', true), pg_try_advisory_xact_lock(?)")) {
                ps.setLong(1, PURGE_LOCK);
                try (var rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getBoolean(2);
                }
            }
        });
    }

    @Override
    public int purgeByAge(RetentionPolicy policy, Instant now, int limit, Optional<ExecutionArchive> archive) {
        return jdbc.run(c -> {
            try (var ps = c.prepareStatement(PURGE_BY_AGE_SQL + archive.map(a -> RETURNING_FOR_ARCHIVE).orElse(""))) {
                int i = bindLines(c, ps, 1, policy, now);
                ps.setInt(i++, limit);
                ps.setInt(i, limit);
                return delete(ps, archive);
            }
        });
    }

    @Override
    public int purgeByCount(int maxPerRule, int limit, Optional<ExecutionArchive> archive) {
        return jdbc.run(c -> {
            try (var ps = c.prepareStatement(PURGE_BY_COUNT_SQL + archive.map(a -> RETURNING_FOR_ARCHIVE).orElse(""))) {
                ps.setInt(1, maxPerRule);
                ps.setInt(2, limit);
                ps.setInt(3, limit);
                return delete(ps, archive);
            }
        });
    }

    /** Runs a purge; with an archive, hands it the deleted rows before the transaction can commit. */
    private static int delete(PreparedStatement ps, Optional<ExecutionArchive> archive) throws SQLException {
        if (archive.isEmpty()) {
            return ps.executeUpdate();
        }
        List<ArchivedExecution> deleted = new ArrayList<>();
        try (var rs = ps.executeQuery()) {
            while (rs.next()) {
                deleted.add(new ArchivedExecution(new TenantId(rs.getObject(1, UUID.class)),
                        rs.getTimestamp(2).toInstant(), rs.getString(3)));
            }
        }
        if (!deleted.isEmpty()) {
            archive.get().append(deleted);
        }
        return deleted.size();
    }

    @Override
    public Duration lag(RetentionPolicy policy, Instant now) {
        return jdbc.run(c -> {
            try (var ps = c.prepareStatement(LAG_SQL)) {
                bindLines(c, ps, 1, policy, now);
                try (var rs = ps.executeQuery()) {
                    rs.next();
                    return Duration.ofMillis(Math.round(rs.getDouble(1) * 1000));
                }
            }
        });
    }

    private static int bindLines(Connection c, PreparedStatement ps, int first, RetentionPolicy policy, Instant now)
            throws SQLException {
        int i = first;
        ps.setTimestamp(i++, Jdbc.ts(now));
        ps.setArray(i++, c.createArrayOf("text", FINISHED.stream().map(ExecutionStatus::wire).toArray()));
        ps.setArray(i++, c.createArrayOf("float8", FINISHED.stream()
                .map(s -> (Object) (policy.retentionOf(s).toMillis() / 1000.0)).toArray()));
        return i;
    }
}
