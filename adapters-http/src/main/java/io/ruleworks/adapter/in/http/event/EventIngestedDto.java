package io.ruleworks.adapter.in.http.event;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** What an ingested event did: the rules it matched, the executions created now, the deferred ones. */
@Serdeable(naming = SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.ALWAYS)
public record EventIngestedDto(String eventId, List<UUID> matchedRules, List<UUID> executions,
                               List<DeferredDto> deferred) {

    /** A rule that took the event into a debounce window or batch; fires_at null: a batch without timeout. */
    @Serdeable(naming = SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record DeferredDto(UUID ruleId, String reason, Instant firesAt) {
    }
}
