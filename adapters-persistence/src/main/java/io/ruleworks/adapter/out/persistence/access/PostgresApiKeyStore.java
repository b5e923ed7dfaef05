package io.ruleworks.adapter.out.persistence.access;

import io.ruleworks.adapter.out.persistence.support.Jdbc;
import io.ruleworks.application.port.out.access.ApiKeyStore;
import io.ruleworks.domain.access.ApiKey;
import io.ruleworks.domain.access.ApiKeyId;
import io.ruleworks.domain.access.Permission;
import io.ruleworks.domain.shared.TenantId;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.micronaut.context.annotation.Value;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * API keys in PostgreSQL. Keys with a usage limit are counted by one conditional UPDATE per use
 * (exact); uses of keys without a limit are summed in memory and written once a second, so that a
 * busy key is not one hot row that every request must lock and flush.
 *
 * <p>{@link #findByHash} answers from a cache of the keys it found in the last
 * {@code ruleworks.api-keys.cache-ttl} (default 5 s; 0 turns it off), so that authenticating a
 * read is no database round trip. What a cached key can be late about is bounded by that TTL: a
 * key revoked ({@code active = false}) or changed in the database directly. Expiry is not late
 * (the caller checks {@code expires_at} against the clock on every request), an unknown hash is
 * never cached (a new key works at once), and a key with a usage limit is still consumed by the
 * conditional UPDATE, which re-checks {@code active}, expiry and the limit on the row itself.
 */
@Singleton
public class PostgresApiKeyStore implements ApiKeyStore {

    private static final Logger LOG = LoggerFactory.getLogger(PostgresApiKeyStore.class);
    private static final long FIRST_KEY_LOCK = 0x52574b4559303031L; // "RWKEY001"

    private record PendingUse(long count, Instant last) {
        PendingUse plus(Instant at) {
            return new PendingUse(count + 1, at.isAfter(last) ? at : last);
        }
    }

    private final ConcurrentHashMap<UUID, PendingUse> pendingUses = new ConcurrentHashMap<>();
    private final ScheduledExecutorService flusher = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("api-key-usage").daemon().factory());

    private static final String COLUMNS = "key_id, tenant, display_prefix, key_hash, permissions, active, expires_at, "
            + "usage_limit, usage_count, last_used_at, user_id, created_at";

    private final Jdbc jdbc;
    private final ApiKeyRows rows;
    /** Keys found by hash, for at most the TTL; null when the TTL is 0. */
    private final Cache<String, ApiKey> found;

    @Inject
    PostgresApiKeyStore(Jdbc jdbc, ApiKeyRows rows, @Value("${ruleworks.api-keys.cache-ttl:5s}") Duration cacheTtl) {
        this.jdbc = jdbc;
        this.rows = rows;
        if (cacheTtl.isNegative()) {
            throw new IllegalStateException("ruleworks.api-keys.cache-ttl must not be negative, not " + cacheTtl);
        }
        this.found = cacheTtl.isZero() ? null
                : Caffeine.newBuilder().expireAfterWrite(cacheTtl).maximumSize(10_000).build();
        flusher.scheduleWithFixedDelay(this::flushQuietly, 1, 1, TimeUnit.SECONDS);
    }

    @Override
    public void recordUse(ApiKeyId key, Instant at) {
        pendingUses.merge(key.value(), new PendingUse(1, at), (a, b) -> a.plus(b.last()));
    }

    /** Writes the buffered uses: usage_count grows by the count, last_used_at moves forward only. */
    public void flushUses() {
        if (pendingUses.isEmpty()) {
            return;
        }
        java.util.Map<UUID, PendingUse> batch = new java.util.HashMap<>();
        for (UUID id : pendingUses.keySet()) {
            PendingUse use = pendingUses.remove(id);
            if (use != null) {
                batch.put(id, use);
            }
        }
        try {
            jdbc.run(c -> {
                try (var ps = c.prepareStatement("UPDATE api_keys SET usage_count = usage_count + ?, "
                        + "last_used_at = greatest(coalesce(last_used_at, ?), ?) WHERE key_id = ?")) {
                    for (var entry : batch.entrySet()) {
                        ps.setLong(1, entry.getValue().count());
                        ps.setTimestamp(2, Jdbc.ts(entry.getValue().last()));
                        ps.setTimestamp(3, Jdbc.ts(entry.getValue().last()));
                        ps.setObject(4, entry.getKey());
                        ps.addBatch();
                    }
                    return ps.executeBatch();
                }
            });
        } catch (RuntimeException e) {
            // keep the counts for the next flush
            batch.forEach((id, use) -> pendingUses.merge(id, use,
                    (a, b) -> new PendingUse(a.count() + b.count(), a.last().isAfter(b.last()) ? a.last() : b.last())));
            throw e;
        }
    }

    private void flushQuietly() {
        try {
            flushUses();
        } catch (RuntimeException e) {
            LOG.warn("Could not write API key usage counts yet: {}", e.getMessage());
        }
    }

    @PreDestroy
    void close() {
        flusher.shutdownNow();
        flushQuietly();
    }

    @Override
    public void save(ApiKey key) {
        Jdbc.data(() -> rows.save(new ApiKeyRow(key.id().value(), key.tenant().value(), key.displayPrefix(),
                key.keyHash(), key.permissions().stream().map(Permission::wire).sorted().toArray(String[]::new),
                key.active(), key.expiresAt().orElse(null), key.usageLimit().orElse(null), key.usageCount(),
                key.lastUsedAt().orElse(null), key.userId().orElse(null), key.createdAt())));
    }

    @Override
    public Optional<ApiKey> consume(String keyHash, Instant now) {
        if (found != null) {
            // a refusal's reason is then read fresh (findByHash), not from the cache
            found.invalidate(keyHash);
        }
        // One statement: the row lock serialises concurrent uses, and PostgreSQL re-checks the
        // WHERE clause against the newest row version, so a limit of N grants exactly N uses.
        return jdbc.run(c -> {
            try (var ps = c.prepareStatement("UPDATE api_keys SET usage_count = usage_count + 1, last_used_at = ? "
                    + "WHERE key_hash = ? AND active AND (expires_at IS NULL OR expires_at > ?) "
                    + "AND (usage_limit IS NULL OR usage_count < usage_limit) RETURNING " + COLUMNS)) {
                ps.setTimestamp(1, Jdbc.ts(now));
                ps.setString(2, keyHash);
                ps.setTimestamp(3, Jdbc.ts(now));
                try (var rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(toKey(jdbc.readEntity(rs, ApiKeyRow.class))) : Optional.empty();
                }
            }
        });
    }

    @Override
    public Optional<ApiKey> findByHash(String keyHash) {
        if (found == null) {
            return readByHash(keyHash);
        }
        ApiKey cached = found.getIfPresent(keyHash);
        if (cached != null) {
            return Optional.of(cached);
        }
        Optional<ApiKey> read = readByHash(keyHash);
        read.ifPresent(key -> found.put(keyHash, key));
        return read;
    }

    @Override
    public Optional<ApiKey> findHeldByHash(String keyHash) {
        return found == null ? Optional.empty() : Optional.ofNullable(found.getIfPresent(keyHash));
    }

    private Optional<ApiKey> readByHash(String keyHash) {
        return Jdbc.data(() -> rows.findByKeyHash(keyHash)).map(PostgresApiKeyStore::toKey);
    }

    @Override
    public boolean isEmpty() {
        return jdbc.run(c -> {
            if (!c.getAutoCommit()) {
                try (var lock = c.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
                    lock.setLong(1, FIRST_KEY_LOCK);
                    lock.execute();
                }
            }
            try (var ps = c.prepareStatement("SELECT NOT EXISTS (SELECT 1 FROM api_keys)");
                 var rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        });
    }

    private static ApiKey toKey(ApiKeyRow row) {
        Set<Permission> permissions = EnumSet.noneOf(Permission.class);
        Arrays.stream(row.permissions()).forEach(p -> Permission.parse(p).ifPresent(permissions::add));
        return new ApiKey(new ApiKeyId(row.keyId()), new TenantId(row.tenant()), row.displayPrefix(), row.keyHash(),
                permissions, row.active(), Optional.ofNullable(row.expiresAt()), Optional.ofNullable(row.usageLimit()),
                row.usageCount(), Optional.ofNullable(row.lastUsedAt()), Optional.ofNullable(row.userId()),
                row.createdAt());
    }
}
