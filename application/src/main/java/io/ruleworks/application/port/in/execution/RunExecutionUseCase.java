package io.ruleworks.application.port.in.execution;

import io.ruleworks.application.port.out.queue.ExecutionClaims.Claim;

/** The worker side: runs one claimed execution to its end (or until its lease is lost). */
public interface RunExecutionUseCase {

    void run(Claim claim);
}
