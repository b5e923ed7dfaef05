package io.ruleworks.application.port.out;

import io.ruleworks.domain.access.ApiKey;

import java.time.Instant;
import java.util.Optional;

public interface ApiKeyStore {

    void save(ApiKey key);

    /**
     * Atomically counts one use of the key with this hash if it is usable at {@code now} (active,
     * not expired, under its usage limit) and returns it; empty when there is no such usable key.
     * Correct under concurrent calls: a key with a usage limit of N is granted exactly N uses.
     */
    Optional<ApiKey> consume(String keyHash, Instant now);

    Optional<ApiKey> findByHash(String keyHash);

    boolean isEmpty();
}
