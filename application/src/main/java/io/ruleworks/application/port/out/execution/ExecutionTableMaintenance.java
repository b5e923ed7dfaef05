package io.ruleworks.application.port.out.execution;

/**
 * The upkeep of the executions table that the database normally does by itself: reclaiming the
 * rows every status change and every purge leaves dead (PostgreSQL's autovacuum). Runs outside any
 * transaction.
 */
public interface ExecutionTableMaintenance {

    /** Whether the database's own upkeep covers the executions table (PostgreSQL: autovacuum on for the server and the table). */
    boolean automatic();

    /**
     * Reclaims the table's dead rows when as many have gathered as would have started the database's
     * own upkeep; false (nothing done) when fewer have, or when another instance is doing it now.
     */
    boolean reclaimIfDue();
}
