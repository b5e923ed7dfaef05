package io.ruleworks.adapter.out.persistence.execution;

import io.ruleworks.adapter.out.persistence.support.Jdbc;
import io.ruleworks.adapter.out.persistence.support.SqlWhere;
import io.ruleworks.application.port.out.execution.AutomationExecutionRepository;
import io.ruleworks.domain.execution.AutomationExecution;
import io.ruleworks.domain.execution.ExecutionEvent;
import io.ruleworks.domain.execution.ExecutionFilter;
import io.ruleworks.domain.execution.ExecutionId;
import io.ruleworks.domain.execution.ExecutionLogEntry;
import io.ruleworks.domain.execution.ExecutionState;
import io.ruleworks.domain.execution.ExecutionStatistics;
import io.ruleworks.domain.execution.ExecutionStatus;
import io.ruleworks.domain.rule.RuleId;
import io.ruleworks.domain.shared.Page;
import io.ruleworks.domain.shared.PageRequest;
import io.ruleworks.domain.shared.SortOrder;
import io.ruleworks.domain.shared.TenantId;
import jakarta.inject.Singleton;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;

@Singleton
public class PostgresExecutionRepository implements AutomationExecutionRepository {

    private static final Map<ExecutionFilter.SortField, String> SORT_COLUMNS = Map.of(
            ExecutionFilter.SortField.CREATED_AT, "created_at",
            ExecutionFilter.SortField.STARTED_AT, "started_at",
            ExecutionFilter.SortField.COMPLETED_AT, "completed_at",
            ExecutionFilter.SortField.DURATION_MS, "duration_ms",
            ExecutionFilter.SortField.STATUS, "status");

    private final Jdbc jdbc;
    private final ExecutionRows rows;

    public PostgresExecutionRepository(Jdbc jdbc) {
        this.jdbc = jdbc;
        this.rows = new ExecutionRows(jdbc);
    }

    @Override
    public ExecutionStatistics statisticsFor(TenantId tenant, RuleId rule) {
        return jdbc.run(c -> {
            try (var ps = c.prepareStatement("""
                    SELECT count(*) AS total,
                           count(*) FILTER (WHERE status = 'completed') AS successful,
                           count(*) FILTER (WHERE status IN ('failed', 'timeout')) AS failed,
                           count(*) FILTER (WHERE status IN ('pending', 'running')) AS in_flight,
                           avg(duration_ms) FILTER (WHERE duration_ms IS NOT NULL) AS avg_duration,
                           max(coalesce(started_at, created_at)) AS last_execution
                      FROM automation_executions
                     WHERE tenant = ? AND automation_rule_id = ?""")) {
                ps.setObject(1, tenant.value());
                ps.setObject(2, rule.value());
                try (var rs = ps.executeQuery()) {
                    rs.next();
                    double avg = rs.getDouble("avg_duration");
                    Optional<Double> average = rs.wasNull() ? Optional.empty() : Optional.of(Math.round(avg * 100) / 100.0);
                    return new ExecutionStatistics(rs.getLong("total"), rs.getLong("successful"), rs.getLong("failed"),
                            rs.getLong("in_flight"), average, Jdbc.instant(rs, "last_execution"));
                }
            }
        });
    }

    @Override
    public boolean hasInFlightExecutions(TenantId tenant, RuleId rule) {
        return jdbc.run(c -> {
            try (var ps = c.prepareStatement("SELECT EXISTS (SELECT 1 FROM automation_executions "
                    + "WHERE tenant = ? AND automation_rule_id = ? AND status IN ('pending', 'running'))")) {
                ps.setObject(1, tenant.value());
                ps.setObject(2, rule.value());
                try (var rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getBoolean(1);
                }
            }
        });
    }

    /**
     * One statement, one round trip: the row (unless its idempotency key is taken), its outbox
     * events and the rule's counters, the last two only when the row was inserted.
     */
    @Override
    public Optional<ExecutionState> insertUnlessDuplicate(AutomationExecution execution, boolean countOnRule) {
        return insert(NewExecution.of(execution, countOnRule));
    }

    /** A new execution as the intake hands it over: its state, its events (drained once), whether it counts. */
    public record NewExecution(ExecutionState state, List<ExecutionEvent> events, boolean countOnRule) {
        public static NewExecution of(AutomationExecution execution, boolean countOnRule) {
            return new NewExecution(execution.state(), execution.drainEvents(), countOnRule);
        }
    }

    /** {@link #insertUnlessDuplicate} for an execution already handed over. */
    public Optional<ExecutionState> insert(NewExecution execution) {
        ExecutionState s = execution.state();
        List<ExecutionEvent> events = execution.events();
        boolean countOnRule = execution.countOnRule();
        return jdbc.run(c -> {
            try (var ps = c.prepareStatement("WITH inserted AS (" + INSERT_ROW
                    + " RETURNING tenant, automation_rule_id, created_at), "
                    + EVENTS_CTE.formatted("inserted") + ", "
                    + "counted AS (UPDATE automation_rules r SET execution_count = r.execution_count + 1, "
                    + "last_executed = i.created_at FROM inserted i "
                    + "WHERE ? AND r.tenant = i.tenant AND r.rule_id = i.automation_rule_id) "
                    + "SELECT count(*) FROM inserted")) {
                int i = bindRow(ps, 1, s);
                i = bindEvents(c, ps, i, events);
                ps.setBoolean(i, countOnRule);
                try (var rs = ps.executeQuery()) {
                    rs.next();
                    if (rs.getLong(1) == 0) {
                        return Optional.of(byIdempotencyKey(c, s));
                    }
                }
            }
            return Optional.empty();
        });
    }

    /** One new execution row, unless its idempotency key is taken for its rule; bound by {@link #bindRow}. */
    private static final String INSERT_ROW = "INSERT INTO automation_executions (" + ExecutionRows.COLUMNS
            + ") VALUES (?,?,?,?,?::jsonb,?,?,?,?,?,?,?,?,?,?,?,?::jsonb,?::jsonb,?,?,?,?,?,?,?,?,?) "
            + "ON CONFLICT (tenant, automation_rule_id, idempotency_key) WHERE idempotency_key IS NOT NULL DO NOTHING";

    /** Binds every column of a new row in table order; returns the next index. */
    private int bindRow(PreparedStatement ps, int start, ExecutionState s) throws SQLException {
        int i = start;
        ps.setObject(i++, s.tenant().value());
        ps.setObject(i++, s.id().value());
        ps.setObject(i++, s.ruleId().value());
        ps.setString(i++, s.triggerType().wire());
        ps.setString(i++, jdbc.toJson(s.triggerData()));
        ps.setString(i++, s.status().wire());
        ps.setInt(i++, s.priority().rank());
        i = bindProgress(ps, i, s);
        ps.setTimestamp(i++, Jdbc.ts(s.createdAt()));
        ps.setTimestamp(i++, Jdbc.ts(s.updatedAt()));
        ps.setTimestamp(i++, Jdbc.ts(s.availableAt()));
        ps.setInt(i++, s.attempt());
        ps.setInt(i++, s.retryCount());
        ps.setObject(i++, s.parentExecutionId().map(ExecutionId::value).orElse(null));
        ps.setInt(i++, s.chainDepth());
        ps.setString(i++, s.idempotencyKey().orElse(null));
        ps.setString(i++, s.requestHash().orElse(null));
        return i;
    }

    /**
     * Several new executions in the surrounding transaction, in four round trips whatever their
     * number: the rows as one pipelined JDBC batch (a taken idempotency key skips its row, as in
     * {@link #insertUnlessDuplicate}), the outbox events of the inserted ones in one statement,
     * the rules' counters as one batch in (tenant, rule) order — the same order in every batch,
     * so two batches cannot deadlock on rule rows. Per execution, in order: empty when stored,
     * else the execution holding its key.
     */
    public List<Optional<ExecutionState>> insertAll(List<NewExecution> batch) {
        List<ExecutionState> states = batch.stream().map(NewExecution::state).toList();
        return jdbc.run(c -> {
            int[] inserted;
            try (var ps = c.prepareStatement(INSERT_ROW)) {
                for (ExecutionState s : states) {
                    bindRow(ps, 1, s);
                    ps.addBatch();
                }
                inserted = ps.executeBatch();
            }
            List<ExecutionEvent> stored = new ArrayList<>();
            Map<RuleKey, RuleCount> counts = new TreeMap<>(RuleKey.ORDER);
            List<Optional<ExecutionState>> results = new ArrayList<>();
            for (int n = 0; n < states.size(); n++) {
                ExecutionState s = states.get(n);
                if (inserted[n] == 0) {
                    results.add(Optional.of(byIdempotencyKey(c, s)));
                    continue;
                }
                results.add(Optional.empty());
                stored.addAll(batch.get(n).events());
                if (batch.get(n).countOnRule()) {
                    counts.merge(new RuleKey(s.tenant().value(), s.ruleId().value()), new RuleCount(1, s.createdAt()),
                            RuleCount::plus);
                }
            }
            if (!stored.isEmpty()) {
                try (var ps = c.prepareStatement(INSERT_EVENTS)) {
                    bindEvents(c, ps, 1, stored);
                    ps.executeUpdate();
                }
            }
            if (!counts.isEmpty()) {
                try (var ps = c.prepareStatement("UPDATE automation_rules SET execution_count = execution_count + ?, "
                        + "last_executed = ? WHERE tenant = ? AND rule_id = ?")) {
                    for (Map.Entry<RuleKey, RuleCount> rule : counts.entrySet()) {
                        ps.setInt(1, rule.getValue().executions());
                        ps.setTimestamp(2, Jdbc.ts(rule.getValue().last()));
                        ps.setObject(3, rule.getKey().tenant());
                        ps.setObject(4, rule.getKey().rule());
                        ps.addBatch();
                    }
                    ps.executeBatch();
                }
            }
            return results;
        });
    }

    private record RuleKey(UUID tenant, UUID rule) {
        static final Comparator<RuleKey> ORDER = Comparator.comparing(RuleKey::tenant).thenComparing(RuleKey::rule);
    }

    private record RuleCount(int executions, Instant last) {
        RuleCount plus(RuleCount other) {
            return new RuleCount(executions + other.executions, last.isAfter(other.last) ? last : other.last);
        }
    }

    /** Binds started_at .. logs (11 columns) in table order; returns the next index. */
    private int bindProgress(PreparedStatement ps, int start, ExecutionState s) throws SQLException {
        int i = start;
        ps.setTimestamp(i++, Jdbc.ts(s.startedAt().orElse(null)));
        ps.setTimestamp(i++, Jdbc.ts(s.completedAt().orElse(null)));
        setLong(ps, i++, s.durationMs());
        ps.setInt(i++, s.actionsTotal());
        ps.setInt(i++, s.actionsSuccessful());
        ps.setInt(i++, s.actionsFailed());
        ps.setString(i++, Jdbc.text(s.errorMessage().orElse(null)));
        ps.setString(i++, Jdbc.text(s.errorStack().orElse(null)));
        setLong(ps, i++, s.failedActionIndex().map(Integer::longValue));
        ps.setString(i++, rows.contextJson(s.executionContext()));
        ps.setString(i++, rows.logsJson(s.logs()));
        return i;
    }

    private static void setLong(PreparedStatement ps, int index, Optional<Long> value) throws SQLException {
        if (value.isPresent()) {
            ps.setLong(index, value.get());
        } else {
            ps.setNull(index, Types.BIGINT);
        }
    }

    private ExecutionState byIdempotencyKey(Connection c, ExecutionState s) throws SQLException {
        try (var ps = c.prepareStatement("SELECT " + ExecutionRows.COLUMNS + " FROM automation_executions "
                + "WHERE tenant = ? AND automation_rule_id = ? AND idempotency_key = ?")) {
            ps.setObject(1, s.tenant().value());
            ps.setObject(2, s.ruleId().value());
            ps.setString(3, s.idempotencyKey().orElseThrow());
            try (var rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new IllegalStateException("idempotency conflict without a visible row");
                }
                return rows.map(rs);
            }
        }
    }

    /** Outbox events, bound by {@link #bindEvents}. */
    private static final String INSERT_EVENTS = "INSERT INTO automation_outbox (tenant, event_type, execution_id, "
            + "rule_id, occurred_at) SELECT * FROM unnest(?::uuid[], ?::text[], ?::uuid[], ?::uuid[], ?::timestamptz[])";

    /**
     * A CTE writing the statement's outbox events, bound by {@link #bindEvents}, when the CTE named
     * by its last parameter returned a row (so events and state change commit together or not at all).
     */
    public static final String EVENTS_CTE = "events AS (" + INSERT_EVENTS + " WHERE EXISTS (SELECT 1 FROM %s))";

    public static int bindEvents(Connection c, PreparedStatement ps, int start, List<ExecutionEvent> events)
            throws SQLException {
        int i = bindArray(c, ps, start, "uuid", events, e -> e.tenant().value());
        i = bindArray(c, ps, i, "text", events, ExecutionEvent::type);
        i = bindArray(c, ps, i, "uuid", events, e -> e.executionId().value());
        i = bindArray(c, ps, i, "uuid", events, e -> e.ruleId().value());
        return bindArray(c, ps, i, "timestamptz", events, e -> e.occurredAt().toString());
    }

    @Override
    public Optional<AutomationExecution> findById(TenantId tenant, ExecutionId id) {
        return find(tenant, id, "");
    }

    @Override
    public Optional<AutomationExecution> findByIdForUpdate(TenantId tenant, ExecutionId id) {
        return find(tenant, id, " FOR UPDATE");
    }

    private Optional<AutomationExecution> find(TenantId tenant, ExecutionId id, String lock) {
        return jdbc.run(c -> {
            try (var ps = c.prepareStatement("SELECT " + ExecutionRows.COLUMNS + " FROM automation_executions "
                    + "WHERE tenant = ? AND execution_id = ?" + lock)) {
                ps.setObject(1, tenant.value());
                ps.setObject(2, id.value());
                try (var rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(AutomationExecution.reconstitute(rows.map(rs))) : Optional.empty();
                }
            }
        });
    }

    /**
     * Only a running execution has a lease owner (every other transition clears it), so the
     * worker's writes check {@code lease_owner} alone: with {@code status = 'running'} in the
     * clause, the planner may prove the predicate of the partial index on running executions and,
     * since statistics see few running rows, prefer scanning the tenant's entries there (live and
     * not yet vacuumed) over the primary key — measured under load: 1.8 ms per update instead of
     * a lookup. The status is still checked, as an expression the planner cannot use for that proof.
     */
    public static final String NOT_A_PARTIAL_INDEX_MATCH = " AND status || '' = 'running'";

    /** A worker's save: the state it reached and the events that came with it, under its lease. */
    public record LeasedSave(ExecutionState state, List<ExecutionEvent> events, String leaseHolder) {
        /** Drains the execution's events. */
        public static LeasedSave of(AutomationExecution execution, String leaseHolder) {
            return new LeasedSave(execution.state(), execution.drainEvents(), leaseHolder);
        }
    }

    /** {@link #update} of one worker's save. */
    public boolean update(LeasedSave save) {
        return update(save.state(), save.events(), Optional.of(save.leaseHolder()));
    }

    /** One statement, one round trip: the new state and, when it was written, its outbox events. */
    @Override
    public boolean update(ExecutionState s, List<ExecutionEvent> events, Optional<String> leaseHolder) {
        try {
            return write(s, events, leaseHolder);
        } catch (RuntimeException e) {
            throw Jdbc.translateWrite(e); // a value refused as such: NotStorableException
        }
    }

    private boolean write(ExecutionState s, List<ExecutionEvent> events, Optional<String> leaseHolder) {
        boolean running = s.status() == ExecutionStatus.RUNNING;
        return jdbc.run(c -> {
            try (var ps = c.prepareStatement("WITH updated AS (UPDATE automation_executions SET status = ?, "
                    + "started_at = ?, completed_at = ?, duration_ms = ?, actions_total = ?, actions_successful = ?, "
                    + "actions_failed = ?, error_message = ?, error_stack = ?, failed_action_index = ?, "
                    + "execution_context = ?::jsonb, logs = ?::jsonb, updated_at = ?, available_at = ?, retry_count = ?"
                    + (running ? "" : ", lease_owner = NULL, lease_expires_at = NULL")
                    + (s.status() == ExecutionStatus.PENDING ? ", lease_losses = 0" : "") // a retry counts afresh
                    + " WHERE tenant = ? AND execution_id = ?"
                    + (leaseHolder.isPresent() ? " AND lease_owner = ? AND attempt = ?" + NOT_A_PARTIAL_INDEX_MATCH : "")
                    + " RETURNING 1), " + EVENTS_CTE.formatted("updated") + " SELECT count(*) FROM updated")) {
                int i = 1;
                ps.setString(i++, s.status().wire());
                i = bindProgress(ps, i, s);
                ps.setTimestamp(i++, Jdbc.ts(s.updatedAt()));
                ps.setTimestamp(i++, Jdbc.ts(s.availableAt()));
                ps.setInt(i++, s.retryCount());
                ps.setObject(i++, s.tenant().value());
                ps.setObject(i++, s.id().value());
                if (leaseHolder.isPresent()) {
                    ps.setString(i++, leaseHolder.get());
                    ps.setInt(i++, s.attempt());
                }
                bindEvents(c, ps, i, events);
                try (var rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1) == 1;
                }
            }
        });
    }

    /**
     * Several workers' saves in one statement, one round trip whatever their number: each row is
     * written only if its worker still holds the lease (as in {@link #update}), and the outbox
     * events of the written rows come in the same statement. Rows are locked in execution id order
     * (the order of the input), the same in every batch. Per save, in order: whether it was written.
     */
    public List<Boolean> updateAll(List<LeasedSave> saves) {
        if (saves.stream().map(l -> l.state().id()).distinct().count() < saves.size()) {
            // a stale worker of an earlier attempt and the current one: rows and events are matched
            // by execution id, so such a group is refused and written one save at a time
            throw new IllegalArgumentException("the same execution twice in one group");
        }
        List<LeasedSave> ordered = saves.stream()
                .sorted(Comparator.comparing((LeasedSave l) -> l.state().id().value())).toList();
        List<ExecutionEvent> events = ordered.stream().flatMap(l -> l.events().stream()).toList();
        return jdbc.run(c -> {
            java.util.Set<UUID> written = new java.util.HashSet<>();
            try (var ps = c.prepareStatement(UPDATE_ALL)) {
                int i = 1;
                i = bindArray(c, ps, i, "uuid", ordered, l -> l.state().tenant().value());
                i = bindArray(c, ps, i, "uuid", ordered, l -> l.state().id().value());
                i = bindArray(c, ps, i, "text", ordered, LeasedSave::leaseHolder);
                i = bindArray(c, ps, i, "text", ordered, l -> l.state().status().wire());
                i = bindArray(c, ps, i, "timestamptz", ordered, l -> ts(l.state().startedAt()));
                i = bindArray(c, ps, i, "timestamptz", ordered, l -> ts(l.state().completedAt()));
                i = bindArray(c, ps, i, "int8", ordered, l -> l.state().durationMs().orElse(null));
                i = bindArray(c, ps, i, "int4", ordered, l -> l.state().actionsTotal());
                i = bindArray(c, ps, i, "int4", ordered, l -> l.state().actionsSuccessful());
                i = bindArray(c, ps, i, "int4", ordered, l -> l.state().actionsFailed());
                i = bindArray(c, ps, i, "text", ordered, l -> Jdbc.text(l.state().errorMessage().orElse(null)));
                i = bindArray(c, ps, i, "text", ordered, l -> Jdbc.text(l.state().errorStack().orElse(null)));
                i = bindArray(c, ps, i, "int4", ordered, l -> l.state().failedActionIndex().orElse(null));
                i = bindArray(c, ps, i, "text", ordered, l -> rows.contextJson(l.state().executionContext()));
                i = bindArray(c, ps, i, "text", ordered, l -> rows.logsJson(l.state().logs()));
                i = bindArray(c, ps, i, "timestamptz", ordered, l -> l.state().updatedAt().toString());
                i = bindArray(c, ps, i, "timestamptz", ordered, l -> l.state().availableAt().toString());
                i = bindArray(c, ps, i, "int4", ordered, l -> l.state().retryCount());
                i = bindArray(c, ps, i, "int4", ordered, l -> l.state().attempt());
                bindEvents(c, ps, i, events);
                try (var rs = ps.executeQuery()) {
                    while (rs.next()) {
                        written.add(rs.getObject(1, UUID.class));
                    }
                }
            }
            return saves.stream().map(l -> written.contains(l.state().id().value())).toList();
        });
    }

    private static String ts(Optional<Instant> instant) {
        return instant.map(Instant::toString).orElse(null);
    }

    /** Binds one array parameter, {@code value} of each item; returns the next parameter index. */
    private static <T> int bindArray(Connection c, PreparedStatement ps, int index, String type, List<T> items,
                                     java.util.function.Function<T, Object> value) throws SQLException {
        ps.setArray(index, c.createArrayOf(type, items.stream().map(value).toArray()));
        return index + 1;
    }

    /**
     * The batch form of {@link #update}'s statement. The input is joined to the table by primary
     * key in input order; status and lease are checked per row ({@link #NOT_A_PARTIAL_INDEX_MATCH});
     * a finished row gives up its lease. Only written rows' events are inserted.
     */
    private static final String UPDATE_ALL = "WITH input AS (SELECT * FROM unnest(?::uuid[], ?::uuid[], ?::text[], "
            + "?::text[], ?::timestamptz[], ?::timestamptz[], ?::bigint[], ?::int[], ?::int[], ?::int[], ?::text[], "
            + "?::text[], ?::int[], ?::text[], ?::text[], ?::timestamptz[], ?::timestamptz[], ?::int[], ?::int[]) "
            + "AS i(tenant, execution_id, lease_owner, status, started_at, completed_at, duration_ms, actions_total, "
            + "actions_successful, actions_failed, error_message, error_stack, failed_action_index, "
            + "execution_context, logs, updated_at, available_at, retry_count, attempt)), "
            + "updated AS (UPDATE automation_executions e SET status = i.status, started_at = i.started_at, "
            + "completed_at = i.completed_at, duration_ms = i.duration_ms, actions_total = i.actions_total, "
            + "actions_successful = i.actions_successful, actions_failed = i.actions_failed, "
            + "error_message = i.error_message, error_stack = i.error_stack, "
            + "failed_action_index = i.failed_action_index, execution_context = i.execution_context::jsonb, "
            + "logs = i.logs::jsonb, updated_at = i.updated_at, available_at = i.available_at, "
            + "retry_count = i.retry_count, "
            + "lease_owner = CASE WHEN i.status = 'running' THEN e.lease_owner END, "
            + "lease_expires_at = CASE WHEN i.status = 'running' THEN e.lease_expires_at END, "
            + "lease_losses = CASE WHEN i.status = 'pending' THEN 0 ELSE e.lease_losses END "
            + "FROM input i WHERE e.tenant = i.tenant AND e.execution_id = i.execution_id "
            + "AND e.lease_owner = i.lease_owner AND e.attempt = i.attempt AND e.status || '' = 'running' "
            + "RETURNING e.execution_id), "
            + "events AS (" + INSERT_EVENTS + " AS ev(tenant, event_type, execution_id, rule_id, occurred_at) "
            + "WHERE ev.execution_id IN (SELECT execution_id FROM updated)) "
            + "SELECT execution_id FROM updated";

    @Override
    public void appendLogs(TenantId tenant, ExecutionId id, List<ExecutionLogEntry> entries) {
        if (entries.isEmpty()) {
            return;
        }
        jdbc.run(c -> {
            try (var ps = c.prepareStatement("UPDATE automation_executions SET logs = logs || ?::jsonb "
                    + "WHERE tenant = ? AND execution_id = ?")) {
                ps.setString(1, rows.logsJson(entries));
                ps.setObject(2, tenant.value());
                ps.setObject(3, id.value());
                return ps.executeUpdate();
            }
        });
    }

    @Override
    public Page<ExecutionState> list(TenantId tenant, ExecutionFilter f, PageRequest page) {
        SqlWhere where = where(tenant, f);
        return jdbc.run(c -> where.page(c, "automation_executions", pageSql(where, f), page, rows::map));
    }

    /**
     * Counts at most {@code max(countCap, offset + limit) + 1} matching rows, an index range that
     * stops early, rather than all of them: past the cap the page says so ({@link Page#totalCapped()}).
     */
    @Override
    public Page<ExecutionState> list(TenantId tenant, ExecutionFilter f, PageRequest page, int countCap) {
        SqlWhere where = where(tenant, f);
        return jdbc.run(c -> where.page(c, "automation_executions", pageSql(where, f), page, rows::map, countCap));
    }

    /** The page statement {@link #list} prepares for this filter (for tests that explain it). */
    static String pageSql(TenantId tenant, ExecutionFilter f) {
        return pageSql(where(tenant, f), f);
    }

    private static String pageSql(SqlWhere where, ExecutionFilter f) {
        String direction = f.order() == SortOrder.ASC ? "ASC NULLS FIRST" : "DESC NULLS LAST";
        return "SELECT " + ExecutionRows.COLUMNS + " FROM automation_executions WHERE " + where.sql()
                + " ORDER BY " + SORT_COLUMNS.get(f.sort()) + " " + direction + ", execution_id "
                + (f.order() == SortOrder.ASC ? "ASC" : "DESC") + " LIMIT ? OFFSET ?";
    }

    private static SqlWhere where(TenantId tenant, ExecutionFilter f) {
        SqlWhere where = new SqlWhere("tenant = ?", tenant.value());
        f.ruleId().ifPresent(r -> where.and("automation_rule_id = ?", r.value()));
        f.status().ifPresent(st -> where.and("status = ?", st.wire()));
        f.startedFrom().ifPresent(t -> where.and("started_at >= ?", Jdbc.ts(t)));
        f.startedTo().ifPresent(t -> where.and("started_at <= ?", Jdbc.ts(t)));
        f.createdFrom().ifPresent(t -> where.and("created_at >= ?", Jdbc.ts(t)));
        f.createdTo().ifPresent(t -> where.and("created_at <= ?", Jdbc.ts(t)));
        f.updatedFrom().ifPresent(t -> where.and("updated_at >= ?", Jdbc.ts(t)));
        f.updatedTo().ifPresent(t -> where.and("updated_at <= ?", Jdbc.ts(t)));
        f.inFlight().ifPresent(a -> where.and(a ? "status IN ('pending', 'running')"
                : "status NOT IN ('pending', 'running')"));
        f.durationMinMs().ifPresent(d -> where.and("duration_ms >= ?", d));
        f.durationMaxMs().ifPresent(d -> where.and("duration_ms <= ?", d));
        f.hasErrors().ifPresent(h -> where.and(h ? "(error_message IS NOT NULL OR actions_failed > 0)"
                : "(error_message IS NULL AND actions_failed = 0)"));
        f.triggerType().ifPresent(t -> where.and("trigger_type = ?", t.wire()));
        f.search().ifPresent(s -> where.and("error_message ILIKE ?", SqlWhere.contains(s)));
        return where;
    }

    @Override
    public List<ExecutionState> children(TenantId tenant, ExecutionId parent, int limit) {
        return jdbc.run(c -> {
            try (var ps = c.prepareStatement("SELECT " + ExecutionRows.COLUMNS + " FROM automation_executions "
                    + "WHERE tenant = ? AND parent_execution_id = ? ORDER BY created_at, execution_id LIMIT ?")) {
                ps.setObject(1, tenant.value());
                ps.setObject(2, parent.value());
                ps.setInt(3, limit);
                try (var rs = ps.executeQuery()) {
                    List<ExecutionState> children = new java.util.ArrayList<>();
                    while (rs.next()) {
                        children.add(rows.map(rs));
                    }
                    return children;
                }
            }
        });
    }
}
