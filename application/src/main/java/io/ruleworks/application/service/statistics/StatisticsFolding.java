package io.ruleworks.application.service.statistics;

import io.ruleworks.application.port.in.statistics.FoldStatisticsUseCase;
import io.ruleworks.application.port.out.statistics.StatisticsRollup;
import io.ruleworks.application.port.out.transaction.Transactions;

/** Folds the recorded statistics changes into the rollup in one transaction: all of them, or none. */
public final class StatisticsFolding implements FoldStatisticsUseCase {

    private final StatisticsRollup rollup;
    private final Transactions transactions;

    public StatisticsFolding(StatisticsRollup rollup, Transactions transactions) {
        this.rollup = rollup;
        this.transactions = transactions;
    }

    @Override
    public int fold() {
        return transactions.inTransaction(rollup::fold);
    }
}
