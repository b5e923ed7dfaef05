package io.ruleworks.application.service.execution;

import io.ruleworks.application.port.in.execution.PurgeExecutionsUseCase;
import io.ruleworks.application.port.out.execution.ExecutionArchive;
import io.ruleworks.application.port.out.execution.ExecutionHistory;
import io.ruleworks.application.port.out.transaction.Transactions;
import io.ruleworks.domain.execution.RetentionPolicy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.IntSupplier;

/**
 * Purges finished executions past their retention (docs/decisions/0016): in batches of
 * {@code batchSize}, each its own short transaction (row locks and the statistics' purge mark live
 * only that long), at most {@code maxPerRun} rows per run so that a run that finds a large backlog
 * (a first start on a long history, a shortened retention) spreads it over several runs. Every batch
 * first takes the purge turn: when another instance holds it this run stops, so at any moment at
 * most one instance deletes executions. With an archive, each batch's executions are written to it
 * before the batch commits.
 */
public final class ExecutionRetention implements PurgeExecutionsUseCase {

    private static final int TURN_TAKEN = -1;

    private final ExecutionHistory history;
    private final Transactions transactions;
    private final RetentionPolicy policy;
    private final int batchSize;
    private final int maxPerRun;
    private final Optional<ExecutionArchive> archive;
    private final Clock clock;

    public ExecutionRetention(ExecutionHistory history, Transactions transactions, RetentionPolicy policy,
                              int batchSize, int maxPerRun, Optional<ExecutionArchive> archive, Clock clock) {
        if (batchSize < 1 || maxPerRun < 1) {
            throw new IllegalArgumentException("ruleworks.executions.purge-batch-size and purge-max-per-run must be positive");
        }
        this.history = history;
        this.transactions = transactions;
        this.policy = policy;
        this.batchSize = batchSize;
        this.maxPerRun = maxPerRun;
        this.archive = archive;
        this.clock = clock;
    }

    @Override
    public PurgeRun purge() {
        Instant now = clock.instant();
        Phase age = purgeWhileBatchesFill(limit -> history.purgeByAge(policy, now, limit, archive), maxPerRun);
        boolean ran = age.ran;
        long byAge = age.purged;
        long byCount = 0;
        if (age.turnKept && policy.maxPerRule().isPresent() && byAge < maxPerRun) {
            int max = policy.maxPerRule().getAsInt();
            Phase count = purgeWhileBatchesFill(limit -> history.purgeByCount(max, limit, archive), maxPerRun - byAge);
            ran |= count.ran;
            byCount = count.purged;
        }
        if (!ran) {
            return new PurgeRun(false, 0, 0, Duration.ZERO);
        }
        Duration lag = transactions.inTransaction(() -> history.lag(policy, now));
        return new PurgeRun(true, byAge, byCount, lag);
    }

    private record Phase(boolean ran, long purged, boolean turnKept) {
    }

    private interface Batch {
        int purge(int limit);
    }

    private Phase purgeWhileBatchesFill(Batch batch, long budget) {
        long purged = 0;
        boolean ran = false;
        while (purged < budget) {
            int limit = (int) Math.min(batchSize, budget - purged);
            IntSupplier work = () -> history.takePurgeTurn() ? batch.purge(limit) : TURN_TAKEN;
            int deleted = transactions.inTransaction(work::getAsInt);
            if (deleted == TURN_TAKEN) {
                return new Phase(ran, purged, false);
            }
            ran = true;
            purged += deleted;
            if (deleted < limit) {
                break;
            }
        }
        return new Phase(ran, purged, true);
    }
}
