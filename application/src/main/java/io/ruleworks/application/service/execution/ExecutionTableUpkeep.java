package io.ruleworks.application.service.execution;

import io.ruleworks.application.port.in.execution.MaintainExecutionTableUseCase;
import io.ruleworks.application.port.out.execution.ExecutionTableMaintenance;

/**
 * Reclaims the executions table's dead rows itself only where the database would not
 * (docs/decisions/0022): with autovacuum on it does nothing; with it off it vacuums the table when as
 * many dead rows have gathered as would have started autovacuum.
 */
public final class ExecutionTableUpkeep implements MaintainExecutionTableUseCase {

    private final ExecutionTableMaintenance table;

    public ExecutionTableUpkeep(ExecutionTableMaintenance table) {
        this.table = table;
    }

    @Override
    public Upkeep maintain() {
        if (table.automatic()) {
            return Upkeep.AUTOMATIC;
        }
        return table.reclaimIfDue() ? Upkeep.RECLAIMED : Upkeep.NOT_DUE;
    }
}
