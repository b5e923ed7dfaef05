package io.ruleworks.adapter.in.http.bulk;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;
import java.util.Map;

/** The bodies of the contract's bulk operations, bound after validation against its schemas. */
final class BulkRequests {

    private BulkRequests() {
    }

    /** BulkStatusUpdateRequest. */
    @Schema(name = "BulkStatusUpdateRequest")
    record BulkStatusUpdateRequest(List<String> ids, String status) {
    }

    /** BulkExecuteRequest. */
    @Schema(name = "BulkExecuteRequest")
    record BulkExecuteRequest(List<String> automationRuleIds, Map<String, Object> executionData,
                              Boolean overrideConditions, Boolean sequentialExecution) {
    }
}
