package io.ruleworks.application.port.in;

import io.ruleworks.application.port.out.ExecutionClaims.Claim;

/** The worker side: runs one claimed execution to its end (or until its lease is lost). */
public interface RunExecutionUseCase {

    void run(Claim claim);
}
