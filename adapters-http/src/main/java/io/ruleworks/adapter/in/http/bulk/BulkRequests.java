package io.ruleworks.adapter.in.http.bulk;

import java.util.List;
import java.util.Map;

/** The bodies of the contract's bulk operations, bound after validation against its schemas. */
final class BulkRequests {

    private BulkRequests() {
    }

    /** BulkStatusUpdateRequest. */
    record BulkStatusUpdateRequest(List<String> ids, String status) {
    }

    /** BulkExecuteRequest. */
    record BulkExecuteRequest(List<String> automationRuleIds, Map<String, Object> executionData,
                              Boolean overrideConditions, Boolean sequentialExecution) {
    }
}
