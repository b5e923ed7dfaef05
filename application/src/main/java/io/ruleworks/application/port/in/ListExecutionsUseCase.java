package io.ruleworks.application.port.in;

import io.ruleworks.domain.access.Caller;
import io.ruleworks.domain.execution.ExecutionFilter;
import io.ruleworks.domain.execution.ExecutionState;
import io.ruleworks.domain.shared.Page;
import io.ruleworks.domain.shared.PageRequest;

public interface ListExecutionsUseCase {

    Page<ExecutionState> list(Caller caller, ExecutionFilter filter, PageRequest page);
}
