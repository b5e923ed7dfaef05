package io.ruleworks.application.service.execution;

import io.ruleworks.application.port.in.execution.MaintainExecutionTableUseCase.Upkeep;
import io.ruleworks.application.port.out.execution.ExecutionTableMaintenance;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ExecutionTableUpkeepTest {

    /** A table whose database upkeep is on or off, with a number of dead rows against a threshold. */
    private static final class Table implements ExecutionTableMaintenance {
        boolean automatic;
        int dead;
        int threshold = 10;
        int reclaims;

        @Override
        public boolean automatic() {
            return automatic;
        }

        @Override
        public boolean reclaimIfDue() {
            if (dead < threshold) {
                return false;
            }
            reclaims++;
            dead = 0;
            return true;
        }
    }

    private final Table table = new Table();
    private final ExecutionTableUpkeep upkeep = new ExecutionTableUpkeep(table);

    @Test
    void with_the_databases_own_upkeep_on_nothing_is_reclaimed_whatever_the_dead_rows() {
        table.automatic = true;
        table.dead = 1_000;

        assertThat(upkeep.maintain()).isEqualTo(Upkeep.AUTOMATIC);
        assertThat(table.reclaims).isZero();
    }

    @Test
    void with_it_off_the_table_is_reclaimed_once_enough_dead_rows_gathered() {
        table.dead = 9;
        assertThat(upkeep.maintain()).isEqualTo(Upkeep.NOT_DUE);

        table.dead = 10;
        assertThat(upkeep.maintain()).isEqualTo(Upkeep.RECLAIMED);
        assertThat(table.reclaims).isEqualTo(1);
        assertThat(upkeep.maintain()).isEqualTo(Upkeep.NOT_DUE);
    }
}
