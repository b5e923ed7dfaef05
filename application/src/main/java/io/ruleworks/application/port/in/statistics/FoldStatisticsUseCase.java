package io.ruleworks.application.port.in.statistics;

/**
 * Folds the execution statistics recorded since the last fold into the tenants' statistics
 * rollup. Figures are exact before and after a fold; folding keeps reading them cheap.
 */
public interface FoldStatisticsUseCase {

    /** Returns how many recorded changes were folded. */
    int fold();
}
