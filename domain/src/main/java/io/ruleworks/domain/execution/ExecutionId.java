package io.ruleworks.domain.execution;

import com.fasterxml.uuid.Generators;
import com.fasterxml.uuid.impl.TimeBasedEpochGenerator;

import java.util.Objects;
import java.util.UUID;

/**
 * An execution's id. New ids are time-ordered UUIDs (RFC 9562 version 7: 48 bits of Unix
 * milliseconds, then 74 random bits), so that the executions table's primary key grows at its
 * right edge as the history does: with random (version 4) ids every insert, and every status
 * change (none of which is a HOT update, status being indexed), wrote to a random leaf of a key
 * as large as the history, and the index stopped fitting in PostgreSQL's buffers
 * (docs/decisions/0021-time-ordered-execution-ids.md). Any UUID is still accepted as an id.
 */
public record ExecutionId(UUID value) {

    private static final TimeBasedEpochGenerator TIME_ORDERED = Generators.timeBasedEpochGenerator();

    public ExecutionId {
        Objects.requireNonNull(value, "execution id");
    }

    /** A new, time-ordered id (version 7): ids made later in this JVM sort after it, as PostgreSQL orders uuids. */
    public static ExecutionId newId() {
        return new ExecutionId(TIME_ORDERED.generate());
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
