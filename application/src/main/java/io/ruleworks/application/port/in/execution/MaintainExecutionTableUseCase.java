package io.ruleworks.application.port.in.execution;

/**
 * Keeps the executions table from growing with dead rows when the database does not
 * (docs/decisions/0022): PostgreSQL with autovacuum off never reclaims the rows that every status
 * change and every purge leave behind.
 */
public interface MaintainExecutionTableUseCase {

    Upkeep maintain();

    /**
     * What one check found and did: {@code automatic} when the database's autovacuum looks after the
     * table (nothing done); otherwise {@code reclaimed} when the table was vacuumed now (false: too few
     * dead rows yet, or another instance is vacuuming).
     */
    record Upkeep(boolean automatic, boolean reclaimed) {

        public static final Upkeep AUTOMATIC = new Upkeep(true, false);
        public static final Upkeep RECLAIMED = new Upkeep(false, true);
        public static final Upkeep NOT_DUE = new Upkeep(false, false);
    }
}
