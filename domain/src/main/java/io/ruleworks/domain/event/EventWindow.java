package io.ruleworks.domain.event;

import io.ruleworks.domain.rule.EventTrigger;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * The open debounce window or batch of one event_based rule. A debounce window fires when it has
 * been quiet for debounce_minutes (each event pushes {@code firesAt} out again); a batch fires
 * when it holds batch_size events or batch_timeout_minutes after its first event (no timeout: only
 * when full). It carries the count of its events, the last event (debounce) and the lineage of its
 * deepest event.
 */
public record EventWindow(UUID id, EventTrigger.Mode kind, Instant openedAt, Optional<Instant> firesAt, int count,
                          Optional<IngestedEvent> lastEvent, Lineage lineage) {

    public EventWindow {
        Objects.requireNonNull(id, "id");
        if (kind == EventTrigger.Mode.IMMEDIATE) {
            throw new IllegalArgumentException("an immediate trigger has no window");
        }
        Objects.requireNonNull(firesAt, "firesAt");
        Objects.requireNonNull(lastEvent, "lastEvent");
        Objects.requireNonNull(lineage, "lineage");
    }

    /** A new, empty window of {@code trigger} opened at {@code now}. */
    public static EventWindow open(UUID id, EventTrigger trigger, Instant now) {
        Optional<Instant> firesAt = switch (trigger.mode()) {
            case DEBOUNCE -> Optional.of(now.plus(Duration.ofMinutes(trigger.debounceMinutes())));
            case BATCH -> trigger.batchTimeoutMinutes().map(m -> now.plus(Duration.ofMinutes(m)));
            case IMMEDIATE -> throw new IllegalArgumentException("an immediate trigger has no window");
        };
        return new EventWindow(id, trigger.mode(), now, firesAt, 0, Optional.empty(), Lineage.ROOT);
    }

    /** This window after one more event received at {@code now}. */
    public EventWindow add(EventTrigger trigger, IngestedEvent event, Lineage from, Instant now) {
        Optional<Instant> next = kind == EventTrigger.Mode.DEBOUNCE
                ? Optional.of(now.plus(Duration.ofMinutes(trigger.debounceMinutes())))
                : firesAt;
        return new EventWindow(id, kind, openedAt, next, count + 1, Optional.of(event), lineage.deeper(from));
    }

    /** A batch holding as many events as its trigger allows fires at once. */
    public boolean isFull(EventTrigger trigger) {
        return kind == EventTrigger.Mode.BATCH && count >= trigger.effectiveBatchSize();
    }

    public boolean isDue(Instant now) {
        return firesAt.map(at -> !at.isAfter(now)).orElse(false);
    }
}
