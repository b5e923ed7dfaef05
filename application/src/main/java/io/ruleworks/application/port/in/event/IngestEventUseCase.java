package io.ruleworks.application.port.in.event;

import io.ruleworks.domain.access.Caller;
import io.ruleworks.domain.execution.ExecutionId;
import io.ruleworks.domain.rule.RuleId;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Takes in an event from a client and fires the tenant's event_based rules that listen to it. */
public interface IngestEventUseCase {

    /**
     * An event to ingest. {@code occurredAt} defaults to now; with an {@code idempotencyKey}, a
     * second delivery with the same key answers the first delivery's result, and a different
     * request under that key ({@code requestFingerprint} differs) is refused.
     */
    record IngestEventCommand(Caller caller, String eventType, Optional<String> eventSource,
                              Map<String, Object> payload, Optional<Instant> occurredAt,
                              Optional<String> idempotencyKey, String requestFingerprint) {
    }

    /** A rule that took the event into a debounce window or a batch, and when that fires as things stand. */
    record Deferred(RuleId ruleId, String reason, Optional<Instant> firesAt) {
    }

    /** What one event did: the rules it matched, the executions created now, and the deferred ones. */
    record IngestResult(String eventId, List<RuleId> matchedRules, List<ExecutionId> executions,
                        List<Deferred> deferred) {

        public IngestResult {
            matchedRules = List.copyOf(matchedRules);
            executions = List.copyOf(executions);
            deferred = List.copyOf(deferred);
        }
    }

    IngestResult ingest(IngestEventCommand command);
}
