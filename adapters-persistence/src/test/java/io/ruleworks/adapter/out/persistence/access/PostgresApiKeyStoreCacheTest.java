package io.ruleworks.adapter.out.persistence.access;

import io.ruleworks.adapter.out.persistence.testing.FreshDatabaseTest;
import io.ruleworks.adapter.out.persistence.support.Jdbc;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.ruleworks.domain.access.ApiKey;
import io.ruleworks.domain.access.ApiKeyId;
import io.ruleworks.domain.access.Permission;
import io.ruleworks.domain.access.Tenant;
import io.ruleworks.domain.shared.TenantId;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import static io.ruleworks.adapter.out.persistence.testing.RuleFixture.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The short-lived cache of keys found by hash: authentication reads no row while a key is cached,
 * a change made in the database is seen once the TTL has passed, an unknown hash is never cached,
 * and consuming a key with a usage limit is never answered from the cache.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PostgresApiKeyStoreCacheTest extends FreshDatabaseTest {

    private static final TenantId TENANT = new TenantId(UUID.randomUUID());
    private static final Instant NOW = T0.plus(Duration.ofDays(1));

    @Inject
    PostgresApiKeyStore keys;

    @Inject
    PostgresTenantRepository tenants;

    @Inject
    Jdbc jdbc;

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> properties = new HashMap<>(super.getProperties());
        properties.put("ruleworks.api-keys.cache-ttl", "1s");
        return properties;
    }

    @BeforeAll
    void createTenant() {
        tenants.save(new Tenant(TENANT, "cache", T0));
    }

    private static ApiKey key(Optional<Long> usageLimit) {
        byte[] bytes = new byte[32];
        ThreadLocalRandom.current().nextBytes(bytes);
        return new ApiKey(new ApiKeyId(UUID.randomUUID()), TENANT, "rwk_abcd", HexFormat.of().formatHex(bytes),
                Set.of(Permission.READ), true, Optional.empty(), usageLimit, 0, Optional.empty(), Optional.empty(), T0);
    }

    private void revokeInDatabase(ApiKey key) {
        jdbc.run(c -> {
            try (var ps = c.prepareStatement("UPDATE api_keys SET active = false WHERE key_id = ?")) {
                ps.setObject(1, key.id().value());
                return ps.executeUpdate();
            }
        });
    }

    @Test
    void a_key_revoked_in_the_database_is_seen_revoked_once_the_ttl_has_passed() {
        ApiKey key = key(Optional.empty());
        keys.save(key);
        assertThat(keys.findByHash(key.keyHash()).orElseThrow().active()).isTrue();

        revokeInDatabase(key);
        // within the TTL the cached key answers: no row was read
        assertThat(keys.findByHash(key.keyHash()).orElseThrow().active()).isTrue();
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(100))
                .until(() -> !keys.findByHash(key.keyHash()).orElseThrow().active());
    }

    @Test
    void an_unknown_hash_is_not_cached_so_a_new_key_works_at_once() {
        ApiKey key = key(Optional.empty());
        assertThat(keys.findByHash(key.keyHash())).isEmpty();
        keys.save(key);
        assertThat(keys.findByHash(key.keyHash())).isPresent();
    }

    @Test
    void a_key_is_held_without_a_round_trip_only_once_found_and_until_the_ttl_has_passed() {
        ApiKey key = key(Optional.empty());
        keys.save(key);
        assertThat(keys.findHeldByHash(key.keyHash())).isEmpty(); // saved, never found: not held

        assertThat(keys.findByHash(key.keyHash())).isPresent();
        assertThat(keys.findHeldByHash(key.keyHash())).contains(keys.findByHash(key.keyHash()).orElseThrow());
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(100))
                .until(() -> keys.findHeldByHash(key.keyHash()).isEmpty());
    }

    @Test
    void an_unknown_hash_is_never_held() {
        ApiKey key = key(Optional.empty());
        assertThat(keys.findByHash(key.keyHash())).isEmpty();
        assertThat(keys.findHeldByHash(key.keyHash())).isEmpty();
    }

    @Test
    void a_key_with_a_usage_limit_is_consumed_on_its_row_even_while_cached() {
        ApiKey key = key(Optional.of(1L));
        keys.save(key);
        assertThat(keys.findByHash(key.keyHash())).isPresent(); // now cached
        revokeInDatabase(key);
        // the conditional UPDATE sees the revocation at once, and the refusal's reason is read fresh
        assertThat(keys.consume(key.keyHash(), NOW)).isEmpty();
        assertThat(keys.findByHash(key.keyHash()).orElseThrow().active()).isFalse();
    }

    @Test
    void the_last_use_of_a_limited_key_is_granted_once() {
        ApiKey key = key(Optional.of(1L));
        keys.save(key);
        assertThat(keys.findByHash(key.keyHash()).orElseThrow().usageCount()).isZero(); // cached with 0 uses
        assertThat(keys.consume(key.keyHash(), NOW)).isPresent();
        assertThat(keys.consume(key.keyHash(), NOW)).isEmpty();
        assertThat(keys.findByHash(key.keyHash()).orElseThrow().usageCount()).isEqualTo(1);
    }
}
