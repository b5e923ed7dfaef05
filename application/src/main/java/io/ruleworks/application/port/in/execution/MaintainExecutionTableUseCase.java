package io.ruleworks.application.port.in.execution;

/**
 * Keeps the executions table from growing with dead rows when the database does not
 * (docs/decisions/0022): PostgreSQL with autovacuum off never reclaims the rows that every status
 * change and every purge leave behind.
 */
public interface MaintainExecutionTableUseCase {

    Upkeep maintain();

    /** What one check found and did. */
    enum Upkeep {
        /** The database's autovacuum looks after the table: nothing to do. */
        AUTOMATIC,
        /** Autovacuum is off; the table was vacuumed now. */
        RECLAIMED,
        /** Autovacuum is off; too few dead rows yet (or another instance is vacuuming). */
        NOT_DUE
    }
}
