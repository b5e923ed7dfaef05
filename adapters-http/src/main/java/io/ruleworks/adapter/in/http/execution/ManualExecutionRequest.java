package io.ruleworks.adapter.in.http.execution;

import java.util.Map;

/** The contract's ManualExecutionRequest. */
public record ManualExecutionRequest(String automationRuleId, Map<String, Object> executionData,
                                     Boolean overrideConditions, Boolean dryRun) {
}
