package io.ruleworks.domain.execution;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class ExecutionIdTest {

    @Test
    void a_new_id_is_a_version_7_uuid_carrying_the_current_unix_millisecond() {
        long before = System.currentTimeMillis();
        UUID id = ExecutionId.newId().value();
        long after = System.currentTimeMillis();

        assertThat(id.version()).isEqualTo(7);
        assertThat(id.variant()).isEqualTo(2);
        assertThat(id.getMostSignificantBits() >>> 16).isBetween(before, after);
    }

    @Test
    void new_ids_sort_in_the_order_they_were_made_as_postgresql_compares_uuids() {
        List<byte[]> made = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            made.add(bytes(ExecutionId.newId().value()));
        }

        for (int i = 1; i < made.size(); i++) {
            assertThat(Arrays.compareUnsigned(made.get(i - 1), made.get(i))).as("id %d against the one before", i).isNegative();
        }
    }

    /** PostgreSQL orders uuid values by their 16 bytes, unsigned. */
    private static byte[] bytes(UUID id) {
        return ByteBuffer.allocate(16).putLong(id.getMostSignificantBits()).putLong(id.getLeastSignificantBits()).array();
    }
}
