package io.ruleworks.bootstrap.http;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.ruleworks.application.port.in.access.IssueApiKeyUseCase.IssuedApiKey;
import io.ruleworks.bootstrap.http.support.Api;
import io.ruleworks.bootstrap.http.support.HttpTestBase;
import io.ruleworks.bootstrap.http.support.Reply;
import io.ruleworks.domain.access.Permission;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

import static io.ruleworks.bootstrap.http.support.Api.RULES;
import static io.ruleworks.bootstrap.http.support.RuleJson.aRule;
import static java.util.stream.Collectors.counting;
import static java.util.stream.Collectors.groupingBy;
import static org.assertj.core.api.Assertions.assertThat;

@MicronautTest(transactional = false)
class AuthenticationHttpTest extends HttpTestBase {

    private IssuedApiKey admin;
    private IssuedApiKey stranger;

    @BeforeAll
    void issueKeys() {
        admin = keys().adminOfNewTenant();
        stranger = keys().adminOfNewTenant();
    }

    @Test
    void a_request_without_a_key_is_unauthorized() {
        assertUnauthorized(anonymous().get(RULES), "missing");
    }

    @Test
    void a_blank_key_is_treated_as_missing() {
        assertUnauthorized(as("   ").get(RULES), "missing");
    }

    @Test
    void an_unknown_key_is_unauthorized() {
        assertUnauthorized(as("rwk_" + "x".repeat(43)).get(RULES), "unknown");
    }

    @Test
    void an_absurdly_long_key_is_unknown() {
        assertUnauthorized(as("rwk_" + "x".repeat(4_000)).get(RULES), "unknown");
    }

    @Test
    void an_inactive_key_is_unauthorized() {
        IssuedApiKey key = keys().adminOf(admin.tenant());
        sql.update("UPDATE api_keys SET active = false WHERE key_id = ?", key.keyId().value());

        assertUnauthorized(as(key.apiKey()).get(RULES), "inactive");
    }

    @Test
    void an_expired_key_is_unauthorized_at_once_even_while_cached() throws InterruptedException {
        // used (so cached, ruleworks.api-keys.cache-ttl) before it expires: expiry is checked against
        // the clock on every request, so the first request after it is refused
        Instant expiry = Instant.now().plus(Duration.ofMillis(1500));
        IssuedApiKey key = keys().expiringAt(admin.tenant(), expiry);
        as(key.apiKey()).get(RULES).expectStatus(200);
        Thread.sleep(Math.max(0, Duration.between(Instant.now(), expiry).toMillis() + 50));

        assertUnauthorized(as(key.apiKey()).get(RULES), "expired");
    }

    @Test
    void a_key_revoked_in_the_database_after_use_is_unauthorized_within_the_cache_ttl() {
        IssuedApiKey key = keys().adminOf(admin.tenant());
        as(key.apiKey()).get(RULES).expectStatus(200);
        sql.update("UPDATE api_keys SET active = false WHERE key_id = ?", key.keyId().value());

        // the default TTL is 5 s (docs/operations.md "API keys")
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(250))
                .until(() -> as(key.apiKey()).get(RULES).status() == 401);
        assertUnauthorized(as(key.apiKey()).get(RULES), "inactive");
    }

    @Test
    void a_key_over_its_usage_limit_is_unauthorized() {
        IssuedApiKey key = keys().withUsageLimit(admin.tenant(), 2);
        Api api = as(key.apiKey());
        api.get(RULES).expectStatus(200);
        api.get(RULES).expectStatus(200);

        assertUnauthorized(api.get(RULES), "usage_limit_reached");
    }

    @Test
    void each_refusal_gives_a_distinct_reason() {
        IssuedApiKey inactive = keys().adminOf(admin.tenant());
        sql.update("UPDATE api_keys SET active = false WHERE key_id = ?", inactive.keyId().value());
        IssuedApiKey expired = keys().expiringAt(admin.tenant(), Instant.now().plus(Duration.ofDays(1)));
        sql.update("UPDATE api_keys SET expires_at = ? WHERE key_id = ?", Instant.now().minusSeconds(1),
                expired.keyId().value());
        IssuedApiKey spent = keys().withUsageLimit(admin.tenant(), 1);
        as(spent.apiKey()).get(RULES).expectStatus(200);

        List<String> reasons = List.of(anonymous().get(RULES), as("rwk_unknown").get(RULES),
                        as(inactive.apiKey()).get(RULES), as(expired.apiKey()).get(RULES), as(spent.apiKey()).get(RULES))
                .stream().map(r -> r.expectStatus(401).errorDetails().path("reason").asText()).toList();

        assertThat(reasons).doesNotHaveDuplicates().doesNotContain("");
    }

    @Test
    void a_tenant_header_naming_another_tenant_is_forbidden() {
        Reply refused = as(admin.apiKey()).withHeader("x-tenant-id", stranger.tenant().toString()).get(RULES)
                .expectStatus(403);

        assertThat(refused.errorCode()).isEqualTo("FORBIDDEN");
        assertThat(refused.errorDetails().path("header").asText()).isEqualTo("x-tenant-id");
    }

    @Test
    void a_tenant_header_that_is_not_even_a_uuid_is_forbidden() {
        as(admin.apiKey()).withHeader("x-tenant-id", "acme").get(RULES).expectStatus(403);
    }

    @Test
    void a_tenant_header_naming_the_keys_own_tenant_is_accepted() {
        as(admin.apiKey()).withHeader("x-tenant-id", admin.tenant().toString()).get(RULES).expectStatus(200);
        as(admin.apiKey()).withHeader("x-tenant-id", admin.tenant().toString().toUpperCase()).get(RULES)
                .expectStatus(200);
    }

    @ParameterizedTest(name = "without {0}")
    @EnumSource(value = Permission.class, names = {"CREATE", "READ", "UPDATE", "DELETE"})
    void an_operation_needs_its_permission(Permission missing) {
        Api api = as(keys().without(admin.tenant(), missing).apiKey());
        Map<Permission, Function<Api, List<Reply>>> operations = Map.of(
                Permission.CREATE, a -> List.of(a.post(RULES, aRule().json())),
                Permission.READ, a -> List.of(a.get(RULES), a.get(RULES + "/" + UUID.randomUUID())),
                Permission.UPDATE, a -> List.of(a.put(RULES + "/" + UUID.randomUUID(), "{\"name\": \"x\"}")),
                Permission.DELETE, a -> List.of(a.delete(RULES + "/" + UUID.randomUUID())));

        for (Reply refused : operations.get(missing).apply(api)) {
            refused.expectStatus(403);
            assertThat(refused.errorCode()).isEqualTo("FORBIDDEN");
            assertThat(refused.errorDetails().path("required_permission").asText()).isEqualTo(missing.wire());
        }
    }

    @Test
    void a_key_with_only_read_can_read_but_not_write() {
        String id = as(admin.apiKey()).post(RULES, aRule().json()).expectStatus(201).data().path("rule_id").asText();
        Api reader = as(keys().forTenant(admin.tenant(), EnumSet.of(Permission.READ)).apiKey());

        reader.get(RULES).expectStatus(200);
        reader.get(RULES + "/" + id).expectStatus(200);
        reader.put(RULES + "/" + id, "{\"name\": \"x\"}").expectStatus(403);
        reader.delete(RULES + "/" + id).expectStatus(403);
        reader.post(RULES, aRule().json()).expectStatus(403);
    }

    @Test
    void a_usage_limit_holds_exactly_under_concurrent_requests() throws Exception {
        IssuedApiKey key = keys().withUsageLimit(admin.tenant(), 20);
        Api api = as(key.apiKey());
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Reply>> replies = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(40)) {
            for (int i = 0; i < 40; i++) {
                replies.add(pool.submit(() -> {
                    start.await();
                    return api.get(RULES);
                }));
            }
            start.countDown();
        }

        List<Reply> done = new ArrayList<>();
        for (Future<Reply> reply : replies) {
            done.add(reply.get());
        }
        assertThat(done.stream().collect(groupingBy(Reply::status, counting())))
                .isEqualTo(Map.of(200, 20L, 401, 20L));
        assertThat(done.stream().filter(r -> r.status() == 401).map(r -> r.errorDetails().path("reason").asText()))
                .containsOnly("usage_limit_reached");
        assertThat(sql.queryLong("SELECT usage_count FROM api_keys WHERE key_id = ?", key.keyId().value()))
                .isEqualTo(20);
    }

    @Test
    void each_request_counts_one_use_of_a_key_without_a_limit_whether_its_key_was_cached_or_not() {
        // the first request reads the key on its row (blocking executor), the others find it held
        // in memory (event loop): either way one use each, written within a second or so
        IssuedApiKey key = keys().adminOf(admin.tenant());
        Api api = as(key.apiKey());
        for (int i = 0; i < 7; i++) {
            api.get(RULES).expectStatus(200);
        }
        api.get(RULES + "/" + UUID.randomUUID()).expectStatus(404);

        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200))
                .until(() -> sql.queryLong("SELECT usage_count FROM api_keys WHERE key_id = ?", key.keyId().value()) >= 8);
        org.awaitility.Awaitility.await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(3))
                .until(() -> sql.queryLong("SELECT usage_count FROM api_keys WHERE key_id = ?", key.keyId().value()) == 8);
    }

    private static void assertUnauthorized(Reply reply, String reason) {
        reply.expectStatus(401);
        assertThat(reply.errorCode()).isEqualTo("UNAUTHORIZED");
        assertThat(reply.errorDetails().path("reason").asText()).isEqualTo(reason);
    }
}
