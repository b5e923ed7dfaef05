package io.ruleworks.domain.execution;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ExecutionLogEntryTest {

    private static ExecutionLogEntry entry(Map<String, Object> metadata) {
        return new ExecutionLogEntry(Instant.EPOCH, LogLevel.INFO, "m", Optional.empty(), metadata);
    }

    @Test
    void entries_given_empty_metadata_share_one_empty_map_instead_of_copying_it() {
        assertThat(entry(Map.of()).metadata()).isSameAs(entry(new HashMap<>()).metadata());
    }

    @Test
    void empty_metadata_answers_and_refuses_changes_as_an_unmodifiable_copy_does() {
        Map<String, Object> metadata = entry(new HashMap<>()).metadata();

        assertThat(metadata).isEqualTo(Map.of()).hasToString("{}").hasSameHashCodeAs(Map.of());
        assertThat(metadata.get(null)).isNull();
        assertThat(metadata.containsKey(null)).isFalse();
        assertThatThrownBy(() -> metadata.put("a", 1)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> metadata.remove("a")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> metadata.putAll(Map.of())).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void metadata_is_a_copy_the_caller_cannot_change_afterwards() {
        Map<String, Object> given = new LinkedHashMap<>(Map.of("a", 1));
        ExecutionLogEntry entry = entry(given);

        given.put("b", 2);

        assertThat(entry.metadata()).isEqualTo(Map.of("a", 1));
        assertThatThrownBy(() -> entry.metadata().put("c", 3)).isInstanceOf(UnsupportedOperationException.class);
    }
}
