package io.ruleworks.adapter.out.persistence.access;

import io.ruleworks.adapter.out.persistence.testing.FreshDatabaseTest;
import io.ruleworks.adapter.out.persistence.support.JdbcTransactions;
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
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import static io.ruleworks.adapter.out.persistence.testing.RuleFixture.T0;
import static org.assertj.core.api.Assertions.assertThat;

/** Stores API keys and counts their uses atomically, including under many concurrent callers. */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PostgresApiKeyStoreTest extends FreshDatabaseTest {

    private static final Instant NOW = T0.plus(Duration.ofDays(1));
    private static final TenantId TENANT = new TenantId(UUID.randomUUID());

    @Inject
    PostgresApiKeyStore keys;

    @Inject
    PostgresTenantRepository tenants;

    @Inject
    JdbcTransactions transactions;

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> properties = new HashMap<>(super.getProperties());
        // The concurrency tests queue up to 50 callers on the pool; give them time rather than flake.
        properties.put("datasources.default.connection-timeout", "30000");
        // this class checks what the SQL stores and counts; the cache is PostgresApiKeyStoreCacheTest's
        properties.put("ruleworks.api-keys.cache-ttl", "0s");
        return properties;
    }

    @BeforeAll
    void createTenant() {
        tenants.save(new Tenant(TENANT, "keys", T0));
    }

    /** A random 64-character hex string, the shape of a SHA-256 key hash. */
    private static String newHash() {
        byte[] bytes = new byte[32];
        ThreadLocalRandom.current().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    private static ApiKey key(boolean active, Optional<Instant> expiresAt, Optional<Long> usageLimit, long usageCount) {
        return new ApiKey(new ApiKeyId(UUID.randomUUID()), TENANT, "rwk_abcd", newHash(), Set.of(Permission.READ),
                active, expiresAt, usageLimit, usageCount, Optional.empty(), Optional.empty(), T0);
    }

    private static ApiKey usableKey() {
        return key(true, Optional.empty(), Optional.empty(), 0);
    }

    @Test
    void a_saved_key_with_every_field_reads_back_equal() {
        ApiKey key = new ApiKey(new ApiKeyId(UUID.randomUUID()), TENANT, "rwk_7f3a", newHash(),
                EnumSet.of(Permission.READ, Permission.EXECUTE, Permission.DELETE), true,
                Optional.of(T0.plus(Duration.ofDays(30)).plusNanos(1_000)), Optional.of(1_000L), 17,
                Optional.of(T0.plusSeconds(3)), Optional.of(UUID.randomUUID()), T0);

        keys.save(key);

        assertThat(keys.findByHash(key.keyHash())).contains(key);
    }

    @Test
    void a_saved_key_without_optional_fields_reads_back_equal() {
        ApiKey key = new ApiKey(new ApiKeyId(UUID.randomUUID()), TENANT, "rwk_0000", newHash(), Set.of(), false,
                Optional.empty(), Optional.empty(), 0, Optional.empty(), Optional.empty(), T0);

        keys.save(key);

        assertThat(keys.findByHash(key.keyHash())).contains(key);
    }

    @Test
    void an_unknown_hash_finds_nothing_and_consumes_nothing() {
        assertThat(keys.findByHash(newHash())).isEmpty();
        assertThat(keys.consume(newHash(), NOW)).isEmpty();
    }

    @Test
    void the_store_is_not_empty_once_a_key_is_saved() {
        keys.save(usableKey());

        assertThat(keys.isEmpty()).isFalse();
    }

    @Test
    void consume_counts_one_use_and_stamps_the_time() {
        ApiKey key = key(true, Optional.empty(), Optional.of(10L), 3);
        keys.save(key);

        Optional<ApiKey> consumed = keys.consume(key.keyHash(), NOW);

        assertThat(consumed).isPresent();
        assertThat(consumed.get().usageCount()).isEqualTo(4);
        assertThat(consumed.get().lastUsedAt()).contains(NOW);
        assertThat(keys.findByHash(key.keyHash())).contains(consumed.get());
    }

    @Test
    void an_inactive_key_is_refused_and_not_counted() {
        ApiKey key = key(false, Optional.empty(), Optional.empty(), 2);
        keys.save(key);

        assertThat(keys.consume(key.keyHash(), NOW)).isEmpty();
        assertThat(keys.findByHash(key.keyHash())).contains(key);
    }

    @Test
    void a_key_is_refused_from_the_instant_it_expires() {
        ApiKey expiresNow = key(true, Optional.of(NOW), Optional.empty(), 0);
        ApiKey expired = key(true, Optional.of(NOW.minusSeconds(1)), Optional.empty(), 0);
        ApiKey expiresInAMicrosecond = key(true, Optional.of(NOW.plusNanos(1_000)), Optional.empty(), 0);
        keys.save(expiresNow);
        keys.save(expired);
        keys.save(expiresInAMicrosecond);

        assertThat(keys.consume(expiresNow.keyHash(), NOW)).isEmpty();
        assertThat(keys.consume(expired.keyHash(), NOW)).isEmpty();
        assertThat(keys.consume(expiresInAMicrosecond.keyHash(), NOW)).isPresent();
        assertThat(keys.findByHash(expiresNow.keyHash())).contains(expiresNow);
    }

    @Test
    void a_key_at_its_usage_limit_is_refused() {
        ApiKey exhausted = key(true, Optional.empty(), Optional.of(2L), 2);
        ApiKey lastUse = key(true, Optional.empty(), Optional.of(2L), 1);
        keys.save(exhausted);
        keys.save(lastUse);

        assertThat(keys.consume(exhausted.keyHash(), NOW)).isEmpty();
        assertThat(keys.consume(lastUse.keyHash(), NOW)).map(ApiKey::usageCount).contains(2L);
        assertThat(keys.consume(lastUse.keyHash(), NOW)).isEmpty();
        assertThat(keys.findByHash(lastUse.keyHash())).map(ApiKey::usageCount).contains(2L);
    }

    @Test
    void concurrent_uses_of_a_limited_key_are_granted_exactly_up_to_the_limit() throws Exception {
        ApiKey key = key(true, Optional.empty(), Optional.of(25L), 0);
        keys.save(key);

        List<Optional<ApiKey>> results = consumeConcurrently(key.keyHash(), 50, 50);

        assertThat(results.stream().filter(Optional::isPresent).count()).isEqualTo(25);
        assertThat(results.stream().flatMap(Optional::stream).map(ApiKey::usageCount))
                .containsExactlyInAnyOrderElementsOf(range(1, 25));
        assertThat(keys.findByHash(key.keyHash())).map(ApiKey::usageCount).contains(25L);
    }

    @Test
    void concurrent_uses_of_an_unlimited_key_are_all_counted() throws Exception {
        ApiKey key = usableKey();
        keys.save(key);

        List<Optional<ApiKey>> results = consumeConcurrently(key.keyHash(), 200, 32);

        assertThat(results).allMatch(Optional::isPresent);
        assertThat(results.stream().flatMap(Optional::stream).map(ApiKey::usageCount))
                .containsExactlyInAnyOrderElementsOf(range(1, 200));
        assertThat(keys.findByHash(key.keyHash())).map(ApiKey::usageCount).contains(200L);
    }

    private static List<Long> range(long from, long to) {
        List<Long> values = new ArrayList<>();
        for (long v = from; v <= to; v++) {
            values.add(v);
        }
        return values;
    }

    /** Starts {@code calls} consumes on {@code threads} threads behind one start gate, and collects every answer. */
    private List<Optional<ApiKey>> consumeConcurrently(String hash, int calls, int threads) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch ready = new CountDownLatch(threads);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<Optional<ApiKey>>> futures = new ArrayList<>();
            for (int i = 0; i < calls; i++) {
                boolean firstRound = i < threads;
                Callable<Optional<ApiKey>> call = () -> {
                    if (firstRound) {
                        ready.countDown();
                    }
                    if (!start.await(30, TimeUnit.SECONDS)) {
                        throw new IllegalStateException("start gate never opened");
                    }
                    return keys.consume(hash, NOW);
                };
                futures.add(pool.submit(call));
            }
            assertThat(ready.await(30, TimeUnit.SECONDS)).as("every thread is at the gate").isTrue();
            start.countDown();
            List<Optional<ApiKey>> results = new ArrayList<>();
            for (Future<Optional<ApiKey>> f : futures) {
                results.add(f.get(60, TimeUnit.SECONDS));
            }
            return results;
        } finally {
            pool.shutdownNow();
            assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void the_empty_check_inside_a_transaction_holds_back_a_second_first_start_until_the_first_commits()
            throws Exception {
        java.util.concurrent.CountDownLatch firstChecked = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch releaseFirst = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.atomic.AtomicLong secondReturnedAt = new java.util.concurrent.atomic.AtomicLong();
        java.util.concurrent.atomic.AtomicLong firstCommittedAt = new java.util.concurrent.atomic.AtomicLong();
        Thread first = Thread.ofPlatform().start(() -> transactions.inTransaction(() -> {
            keys.isEmpty();
            firstChecked.countDown();
            await(releaseFirst);
            firstCommittedAt.set(System.nanoTime());
            return null;
        }));
        await(firstChecked);
        Thread second = Thread.ofPlatform().start(() -> transactions.inTransaction(() -> {
            keys.isEmpty();
            secondReturnedAt.set(System.nanoTime());
            return null;
        }));

        second.join(300);
        assertThat(second.isAlive()).as("the second check waits for the first transaction").isTrue();
        releaseFirst.countDown();
        first.join(10_000);
        second.join(10_000);

        assertThat(secondReturnedAt.get()).isGreaterThan(firstCommittedAt.get());
    }

    private static void await(java.util.concurrent.CountDownLatch latch) {
        try {
            if (!latch.await(10, java.util.concurrent.TimeUnit.SECONDS)) {
                throw new IllegalStateException("latch timed out");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
