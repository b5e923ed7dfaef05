package io.ruleworks.application.service.statistics;

import io.ruleworks.application.fixtures.DirectTransactions;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class StatisticsFoldingTest {

    private final DirectTransactions transactions = new DirectTransactions();

    @Test
    void the_recorded_changes_are_folded_inside_one_transaction() {
        boolean[] insideTransaction = {false};
        StatisticsFolding folding = new StatisticsFolding(() -> {
            insideTransaction[0] = transactions.isOpen();
            return 42;
        }, transactions);

        int folded = folding.fold();

        assertThat(folded).isEqualTo(42);
        assertThat(insideTransaction[0]).isTrue();
        assertThat(transactions.begun()).isEqualTo(1);
    }
}
