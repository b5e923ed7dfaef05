package io.ruleworks.bootstrap;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.scheduling.annotation.Scheduled;
import io.ruleworks.application.port.in.event.PruneEventsUseCase;
import io.ruleworks.application.port.in.execution.MaintainExecutionTableUseCase;
import io.ruleworks.application.port.in.execution.MaintainExecutionTableUseCase.Upkeep;
import io.ruleworks.application.port.in.execution.PurgeExecutionsUseCase;
import io.ruleworks.application.port.in.execution.PurgeExecutionsUseCase.PurgeRun;
import io.ruleworks.application.port.in.hook.PruneHookDeliveriesUseCase;
import io.ruleworks.application.port.in.statistics.FoldStatisticsUseCase;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntSupplier;

/**
 * Forgets records that are only needed for a while: inbound hook deliveries older than
 * {@code ruleworks.hooks.delivery-retention} (every {@code ruleworks.hooks.prune-interval}) and
 * ingested-event records older than {@code ruleworks.events.retention} (every
 * {@code ruleworks.events.prune-interval}). Every instance may prune: the deletes are idempotent.
 * Also folds the execution statistics recorded since the last fold into the statistics rollup
 * (every {@code ruleworks.statistics.fold-interval}); folds of several instances take turns. And purges
 * finished executions past their retention (every {@code ruleworks.executions.purge-interval}; one
 * instance at a time, the others skip their run), counting the rows purged
 * ({@code ruleworks.executions.purged}, by reason) and the lag behind the retention line
 * ({@code ruleworks.executions.purge.lag}, seconds) on the Prometheus endpoint. Where PostgreSQL's
 * autovacuum is off, vacuums the executions table itself when autovacuum would have (checked 10 s
 * after start, then every purge interval; warned about once, counted as
 * {@code ruleworks.executions.vacuums}; docs/decisions/0022).
 */
@Singleton
public class Housekeeping {

    private static final Logger LOG = LoggerFactory.getLogger(Housekeeping.class);

    private final PruneHookDeliveriesUseCase hookDeliveries;
    private final PruneEventsUseCase events;
    private final FoldStatisticsUseCase statistics;
    private final PurgeExecutionsUseCase executions;
    private final Counter purgedByAge;
    private final Counter purgedByCount;
    private final AtomicLong purgeLagSeconds = new AtomicLong();
    private final MaintainExecutionTableUseCase executionTable;
    private final Counter vacuums;
    private volatile boolean warnedAutovacuumOff;

    public Housekeeping(PruneHookDeliveriesUseCase hookDeliveries, PruneEventsUseCase events,
                        FoldStatisticsUseCase statistics, PurgeExecutionsUseCase executions,
                        MaintainExecutionTableUseCase executionTable, MeterRegistry meters) {
        this.hookDeliveries = hookDeliveries;
        this.executionTable = executionTable;
        this.vacuums = Counter.builder("ruleworks.executions.vacuums")
                .description("Vacuums of the executions table run by Ruleworks because PostgreSQL's autovacuum is off")
                .register(meters);
        this.events = events;
        this.statistics = statistics;
        this.executions = executions;
        this.purgedByAge = Counter.builder("ruleworks.executions.purged").tag("reason", "age")
                .description("Finished executions purged past their retention").register(meters);
        this.purgedByCount = Counter.builder("ruleworks.executions.purged").tag("reason", "count")
                .description("Finished executions purged beyond ruleworks.executions.max-per-rule").register(meters);
        Gauge.builder("ruleworks.executions.purge.lag", purgeLagSeconds, AtomicLong::get).baseUnit("seconds")
                .description("How far the oldest execution past its retention line lay behind it after the last purge")
                .register(meters);
    }

    @Scheduled(fixedDelay = "${ruleworks.executions.purge-interval:1m}",
            initialDelay = "${ruleworks.executions.purge-interval:1m}")
    void purgeExecutions() {
        try {
            PurgeRun run = executions.purge();
            if (!run.ran()) {
                LOG.debug("Execution purge skipped: another instance is purging");
                return;
            }
            purgedByAge.increment(run.purgedByAge());
            purgedByCount.increment(run.purgedByCount());
            purgeLagSeconds.set(run.lag().toSeconds());
            if (run.purged() > 0) {
                LOG.info("Purged {} finished executions past their retention ({} by age, {} by count); {} s behind the line",
                        run.purged(), run.purgedByAge(), run.purgedByCount(), run.lag().toSeconds());
            }
        } catch (RuntimeException e) {
            LOG.warn("Purging executions failed: {}", e.getMessage());
        }
    }

    @Scheduled(fixedDelay = "${ruleworks.executions.purge-interval:1m}", initialDelay = "10s")
    void maintainExecutionTable() {
        try {
            Upkeep upkeep = executionTable.maintain();
            if (upkeep.automatic()) {
                warnedAutovacuumOff = false;
                return;
            }
            if (!warnedAutovacuumOff) {
                warnedAutovacuumOff = true;
                LOG.warn("PostgreSQL's autovacuum is off for automation_executions: every status change and every purge "
                        + "leaves dead rows that only a vacuum reclaims, so Ruleworks vacuums the table itself when autovacuum "
                        + "would have; turn autovacuum on (docs/operations.md, \"Autovacuum\")");
            }
            if (upkeep.reclaimed()) {
                vacuums.increment();
                LOG.info("Vacuumed automation_executions (autovacuum is off)");
            }
        } catch (RuntimeException e) {
            LOG.warn("Vacuuming the executions table failed: {}", e.getMessage());
        }
    }

    @Scheduled(fixedDelay = "${ruleworks.statistics.fold-interval:5s}",
            initialDelay = "${ruleworks.statistics.fold-interval:5s}")
    void foldStatistics() {
        try {
            int folded = statistics.fold();
            if (folded > 0) {
                LOG.debug("Folded {} execution statistics changes into the rollup", folded);
            }
        } catch (RuntimeException e) {
            LOG.warn("Folding execution statistics failed: {}", e.getMessage());
        }
    }

    @Scheduled(fixedDelay = "${ruleworks.hooks.prune-interval:10m}", initialDelay = "${ruleworks.hooks.prune-interval:10m}")
    void pruneHookDeliveries() {
        prune("inbound hook deliveries", hookDeliveries::prune);
    }

    @Scheduled(fixedDelay = "${ruleworks.events.prune-interval:10m}", initialDelay = "${ruleworks.events.prune-interval:10m}")
    void pruneEvents() {
        prune("ingested-event records", events::prune);
    }

    private static void prune(String what, IntSupplier prune) {
        try {
            int pruned = prune.getAsInt();
            if (pruned > 0) {
                LOG.debug("Forgot {} {} past their retention", pruned, what);
            }
        } catch (RuntimeException e) {
            LOG.warn("Pruning {} failed: {}", what, e.getMessage());
        }
    }
}
