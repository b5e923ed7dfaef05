package io.ruleworks.adapter.out.persistence.queue;

import io.ruleworks.adapter.out.persistence.execution.ExecutionRows;
import io.ruleworks.adapter.out.persistence.execution.PostgresExecutionRepository;
import io.ruleworks.adapter.out.persistence.support.Jdbc;
import io.micronaut.transaction.TransactionOperations;
import io.ruleworks.application.port.out.queue.ExecutionClaims;
import io.ruleworks.domain.execution.ExecutionFailureCodes;
import io.ruleworks.domain.execution.ExecutionState;
import jakarta.inject.Singleton;

import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The PostgreSQL queue's claim, heartbeat and rescue statements (ADR 0003).
 *
 * <p>A claim runs in one short transaction under a transaction-scoped advisory lock, so that
 * concurrent claimers (threads or service instances) see each other's running counts and
 * max_concurrent_executions holds exactly; rows are still taken with {@code FOR UPDATE SKIP
 * LOCKED} so a claim never waits on a row another transaction (a cancel) holds. The claim performs
 * the domain's pending -> running transition in bulk (status, started_at, attempt) and writes the
 * automation.execution.started events to the outbox in the same statement. started_at is set by
 * the first claim only: a re-run after a lost lease keeps it, so the execution's timeout counts
 * from its first start (a retry clears it).
 */
@Singleton
public class PostgresExecutionClaims implements ExecutionClaims {

    private static final long CLAIM_LOCK = 0x52554c45574f524bL; // "RULEWORK"

    /** Every column of the claimed rows, qualified (the UPDATE joins the picked ids). */
    private static final String RETURNED = java.util.Arrays.stream(ExecutionRows.COLUMNS.split(",\\s*"))
            .map(c -> "e." + c).collect(java.util.stream.Collectors.joining(", "));

    private static final String QUALIFIED_BY_C = java.util.Arrays.stream(ExecutionRows.COLUMNS.split(",\\s*"))
            .map(c -> "c." + c).collect(java.util.stream.Collectors.joining(", "));

    private final Jdbc jdbc;
    private final ExecutionRows rows;
    private final TransactionOperations<Connection> transactions;

    public PostgresExecutionClaims(Jdbc jdbc, TransactionOperations<Connection> transactions) {
        this.jdbc = jdbc;
        this.rows = new ExecutionRows(jdbc);
        this.transactions = transactions;
    }

    /**
     * Picks and claims in one statement: the due candidates in claim order, locked (SKIP LOCKED),
     * each with its rule's free slots (max_concurrent_executions minus its running executions);
     * per rule at most that many of them (row_number within the rule), at most {@code max} in all,
     * in claim order; then the pending -> running transition, the automation.execution.started
     * outbox events and the rows returned with their rule's version.
     *
     * <p>The UPDATE re-checks the status in a form no partial index matches ({@code status || ''}):
     * with a large history ANALYZE's sample holds no pending row, and with a plain {@code status =
     * 'pending'} the planner then found the picked rows by reading the whole due index instead of
     * one primary-key lookup each (issue 18, ClaimPlanTest).
     */
    static final String CLAIM_SQL = """
            WITH candidates AS MATERIALIZED (
                SELECT e.tenant, e.execution_id, e.automation_rule_id, e.priority_rank, e.available_at,
                       r.max_concurrent_executions - busy.running AS free
                  FROM automation_executions e
                  JOIN automation_rules r ON r.tenant = e.tenant AND r.rule_id = e.automation_rule_id
                 CROSS JOIN LATERAL (SELECT count(*) AS running FROM automation_executions x
                                      WHERE x.tenant = e.tenant
                                        AND x.automation_rule_id = e.automation_rule_id
                                        AND x.status = 'running') busy
                 WHERE e.status = 'pending' AND e.available_at <= now()
                   AND (e.execution_context->>'run_after' IS NULL
                        OR NOT EXISTS (SELECT 1 FROM automation_executions p
                                        WHERE p.tenant = e.tenant
                                          AND p.execution_id = (e.execution_context->>'run_after')::uuid
                                          AND p.status IN ('pending', 'running')))
                   AND r.max_concurrent_executions > busy.running
                 ORDER BY e.priority_rank, e.available_at
                 LIMIT ?
                   FOR UPDATE OF e SKIP LOCKED),
            picked AS (
                SELECT tenant, execution_id
                  FROM (SELECT c.*, row_number() OVER (PARTITION BY tenant, automation_rule_id
                                                       ORDER BY priority_rank, available_at) AS nth
                          FROM candidates c) ranked
                 WHERE nth <= free
                 ORDER BY priority_rank, available_at
                 LIMIT ?),
            claimed AS (
                UPDATE automation_executions e
                   SET status = 'running', lease_owner = ?, heartbeat_at = now(),
                       lease_expires_at = now() + make_interval(secs => ?),
                       started_at = coalesce(e.started_at, now()), attempt = attempt + 1, updated_at = now()
                  FROM picked
                 WHERE e.tenant = picked.tenant AND e.execution_id = picked.execution_id
                   AND e.status || '' = 'pending'
             RETURNING %s),
            events AS (
                INSERT INTO automation_outbox (tenant, event_type, execution_id, rule_id, occurred_at)
                SELECT tenant, 'automation.execution.started', execution_id, automation_rule_id, updated_at
                  FROM claimed)
            SELECT %s, r.updated_at AS rule_updated_at
              FROM claimed c JOIN automation_rules r
                ON r.tenant = c.tenant AND r.rule_id = c.automation_rule_id""".formatted(RETURNED, QUALIFIED_BY_C);

    /**
     * Three round trips: the lock (with the relaxed commit set in the same statement), the claim,
     * the commit.
     */
    @Override
    public List<Claim> claim(String worker, int max, Duration lease) {
        try {
            return transactions.executeWrite(status -> jdbc.run(c -> {
                // a lost claim is harmless: the rows are simply pending again (see Transactions#inReplayableTransaction)
                try (var lock = c.prepareStatement(
                        "SELECT set_config('synchronous_commit', 'off', true), pg_advisory_xact_lock(?)")) {
                    lock.setLong(1, CLAIM_LOCK);
                    lock.execute();
                }
                List<Claim> claims = new ArrayList<>();
                try (var ps = c.prepareStatement(CLAIM_SQL)) {
                    ps.setInt(1, max * 4);
                    ps.setInt(2, max);
                    ps.setString(3, worker);
                    ps.setDouble(4, lease.toMillis() / 1000.0);
                    try (var rs = ps.executeQuery()) {
                        while (rs.next()) {
                            ExecutionState state = rows.map(rs);
                            claims.add(new Claim(state.tenant(), state.id(), worker, Optional.of(state),
                                    Jdbc.instant(rs, "rule_updated_at")));
                        }
                    }
                }
                return claims;
            }));
        } catch (RuntimeException e) {
            throw Jdbc.translate(e);
        }
    }

    @Override
    public boolean heartbeat(Claim claim, Duration lease) {
        return jdbc.run(c -> {
            try (var ps = c.prepareStatement("UPDATE automation_executions SET heartbeat_at = now(), "
                    + "lease_expires_at = now() + make_interval(secs => ?) "
                    + "WHERE tenant = ? AND execution_id = ? AND lease_owner = ?"
                    + PostgresExecutionRepository.NOT_A_PARTIAL_INDEX_MATCH)) {
                ps.setDouble(1, lease.toMillis() / 1000.0);
                ps.setObject(2, claim.tenant().value());
                ps.setObject(3, claim.id().value());
                ps.setString(4, claim.worker());
                return ps.executeUpdate() == 1;
            }
        });
    }

    /**
     * Running executions whose lease expired (their worker crashed, stalled or could not save)
     * go back to pending, the domain's running -> pending transition, with a log line saying why,
     * and their lease_losses counted. The poison-execution guard: the one whose count reaches
     * {@code maxLeaseLosses} is failed instead (running -> failed, {@link #EXECUTION_ABANDONED}),
     * with its automation.execution.failed event, so that no worker failure repeats forever.
     */
    @Override
    public int rescueExpiredLeases(int maxLeaseLosses, Duration expiredFor) {
        return jdbc.run(c -> {
            try (var ps = c.prepareStatement(RESCUE_SQL)) {
                ps.setInt(1, maxLeaseLosses);
                ps.setDouble(2, expiredFor.toMillis() / 1000.0);
                ps.setString(3, EXECUTION_ABANDONED);
                try (var rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getInt(1);
                }
            }
        });
    }

    /**
     * A graceful stop's release: the execution goes back to pending if this worker still holds it
     * for this attempt, lease_losses untouched, with a log line saying why.
     */
    @Override
    public boolean release(Claim claim) {
        return jdbc.run(c -> {
            try (var ps = c.prepareStatement(RELEASE_SQL
                    + (claim.snapshot().isPresent() ? " AND attempt = ?" : ""))) {
                ps.setString(1, claim.worker());
                ps.setObject(2, claim.tenant().value());
                ps.setObject(3, claim.id().value());
                ps.setString(4, claim.worker());
                if (claim.snapshot().isPresent()) {
                    ps.setInt(5, claim.snapshot().get().attempt());
                }
                return ps.executeUpdate() == 1;
            }
        });
    }

    static final String RELEASE_SQL = """
            UPDATE automation_executions
               SET status = 'pending', lease_owner = NULL, lease_expires_at = NULL, available_at = now(),
                   updated_at = now(),
                   logs = logs || jsonb_build_array(jsonb_build_object(
                       'timestamp', to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
                       'level', 'warn',
                       'message', 'Worker ' || ? || ' stopped; execution returned to the queue (not a lost lease)'))
             WHERE tenant = ? AND execution_id = ? AND status = 'running' AND lease_owner = ?""";

    /** The code of an execution the rescue gave up on: its lease expired {@code max-lease-losses} times. */
    public static final String EXECUTION_ABANDONED = ExecutionFailureCodes.EXECUTION_ABANDONED;

    /** The rescue; its parameters are the max-lease-losses setting, the grace in seconds and the failure code. */
    static final String RESCUE_SQL = """
            WITH settings AS (SELECT ?::int AS max_losses, make_interval(secs => ?) AS grace, ?::text AS code),
            rescued AS (
                UPDATE automation_executions e
                   SET lease_losses = e.lease_losses + 1,
                       status = CASE WHEN e.lease_losses + 1 >= s.max_losses THEN 'failed' ELSE 'pending' END,
                       lease_owner = NULL, lease_expires_at = NULL, available_at = now(), updated_at = now(),
                       completed_at = CASE WHEN e.lease_losses + 1 >= s.max_losses THEN now() END,
                       duration_ms = CASE WHEN e.lease_losses + 1 >= s.max_losses
                                          THEN greatest(0, floor(extract(epoch FROM now()
                                                        - coalesce(e.started_at, now())) * 1000))::bigint END,
                       error_message = CASE WHEN e.lease_losses + 1 >= s.max_losses
                                            THEN 'The execution was abandoned: its worker lease expired '
                                                 || (e.lease_losses + 1) || ' times before the run could finish'
                                            ELSE e.error_message END,
                       error_stack = CASE WHEN e.lease_losses + 1 >= s.max_losses
                                          THEN s.code || ': the worker lease expired ' || (e.lease_losses + 1)
                                               || ' times (ruleworks.queue.max-lease-losses); last owner '
                                               || coalesce(e.lease_owner, '?')
                                          ELSE e.error_stack END,
                       logs = e.logs || jsonb_build_array(jsonb_build_object(
                               'timestamp', to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
                               'level', CASE WHEN e.lease_losses + 1 >= s.max_losses THEN 'error' ELSE 'warn' END,
                               'message', 'Worker lease expired (owner ' || coalesce(e.lease_owner, '?') || '); '
                                          || CASE WHEN e.lease_losses + 1 >= s.max_losses
                                                  THEN 'execution abandoned (' || s.code || ') after '
                                                  ELSE 'execution requeued; ' END
                                          || (e.lease_losses + 1) || ' of ' || s.max_losses || ' lost leases'))
                  FROM settings s
                 WHERE e.status = 'running' AND e.lease_expires_at < now() - s.grace
             RETURNING e.tenant, e.execution_id, e.automation_rule_id, e.status),
            events AS (
                INSERT INTO automation_outbox (tenant, event_type, execution_id, rule_id, occurred_at)
                SELECT tenant, 'automation.execution.failed', execution_id, automation_rule_id, now()
                  FROM rescued WHERE status = 'failed')
            SELECT count(*) FROM rescued""";
}
