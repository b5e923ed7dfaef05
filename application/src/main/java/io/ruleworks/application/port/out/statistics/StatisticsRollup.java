package io.ruleworks.application.port.out.statistics;

/**
 * The summary the statistics are read from: changes to finished executions are recorded as they
 * happen (with the change itself) and folded into the summary from time to time.
 */
public interface StatisticsRollup {

    /**
     * Folds every change recorded so far into the summary, in the caller's transaction; safe to
     * call from several instances at once (they take turns). Returns how many changes were folded.
     */
    int fold();
}
