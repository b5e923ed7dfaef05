package io.ruleworks.application.service.execution;

import io.ruleworks.application.port.out.action.ActionFailedException;

import java.util.Map;
import java.util.Optional;

/** How one action of an execution went: its result or its failure, after how many attempts and how long. */
record ActionOutcome(Optional<Map<String, Object>> result, Optional<ActionFailedException> failure,
                     int attempts, long tookMs) {

    static ActionOutcome succeeded(Map<String, Object> result, int attempts, long startedNanos) {
        return new ActionOutcome(Optional.of(result), Optional.empty(), attempts, millisSince(startedNanos));
    }

    static ActionOutcome failed(ActionFailedException failure, int attempts, long startedNanos) {
        return new ActionOutcome(Optional.empty(), Optional.of(failure), attempts, millisSince(startedNanos));
    }

    private static long millisSince(long nanos) {
        return (System.nanoTime() - nanos) / 1_000_000;
    }
}
