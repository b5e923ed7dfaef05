package io.ruleworks.application.port.out.access;

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

    /**
     * The key with this hash. May answer from a short-lived cache (PostgresApiKeyStore: at most
     * {@code ruleworks.api-keys.cache-ttl} old): a change made to the key's row outside this
     * service, such as a revocation, can be seen that much later. Never cached: an unknown hash.
     */
    Optional<ApiKey> findByHash(String keyHash);

    /**
     * The key with this hash if {@link #findByHash} would answer it from memory, without a database
     * round trip (and so without blocking the calling thread); empty otherwise, also when the key
     * exists but is not held. A store without such a cache always answers empty.
     */
    default Optional<ApiKey> findHeldByHash(String keyHash) {
        return Optional.empty();
    }

    /**
     * Counts one use of a key without a usage limit. The count and last_used_at may be written a
     * little later, in batches (a key without a limit needs no exact count to decide anything);
     * keys with a limit go through {@link #consume} instead.
     */
    void recordUse(io.ruleworks.domain.access.ApiKeyId key, Instant at);

    /**
     * Whether no key exists at all. Inside a transaction it also serialises callers until that
     * transaction ends, so that two instances starting on an empty database issue one first key.
     */
    boolean isEmpty();
}
