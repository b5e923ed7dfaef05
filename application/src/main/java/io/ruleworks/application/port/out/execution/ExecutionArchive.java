package io.ruleworks.application.port.out.execution;

import io.ruleworks.domain.shared.TenantId;

import java.time.Instant;
import java.util.List;

/**
 * Where executions about to be purged are written first (optional, RULEWORKS_EXECUTIONS_EXPORT_DIR):
 * called inside the purge's transaction, so an archive that fails makes the batch roll back and
 * nothing is deleted unarchived. An execution may be archived twice (written, then its batch lost).
 */
public interface ExecutionArchive {

    void append(List<ArchivedExecution> executions);

    /** One execution as stored, as one JSON object (its columns by name). */
    record ArchivedExecution(TenantId tenant, Instant createdAt, String json) {
    }
}
