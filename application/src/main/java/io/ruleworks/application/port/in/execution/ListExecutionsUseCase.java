package io.ruleworks.application.port.in.execution;

import io.ruleworks.domain.access.Caller;
import io.ruleworks.domain.execution.ExecutionFilter;
import io.ruleworks.domain.execution.ExecutionState;
import io.ruleworks.domain.shared.Page;
import io.ruleworks.domain.shared.PageRequest;

public interface ListExecutionsUseCase {

    /** One page and the exact number of executions that match (what GET /executions reports as {@code total}). */
    Page<ExecutionState> list(Caller caller, ExecutionFilter filter, PageRequest page);

    /**
     * One page, counting the matches only up to {@code max(countCap, offset + limit)}: past that the
     * page's total is a lower bound ({@link Page#totalCapped()}). For readers that show "10,000+"
     * rather than pay for counting a long history exactly (the console).
     */
    Page<ExecutionState> list(Caller caller, ExecutionFilter filter, PageRequest page, int countCap);
}
