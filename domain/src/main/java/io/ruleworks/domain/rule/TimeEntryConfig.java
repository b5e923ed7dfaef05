package io.ruleworks.domain.rule;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/** time_entry_creation: the entry to create. */
public record TimeEntryConfig(String workItemType, String workItemId, Optional<UUID> userId, Instant startedAt,
                              Instant endedAt, Optional<BigDecimal> durationMinutes,
                              Optional<BigDecimal> billableMinutes, Optional<String> notes) implements ActionConfig {

    public TimeEntryConfig {
        Objects.requireNonNull(workItemType, "workItemType");
        Objects.requireNonNull(workItemId, "workItemId");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(endedAt, "endedAt");
    }
}
