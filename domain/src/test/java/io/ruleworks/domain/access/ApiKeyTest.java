package io.ruleworks.domain.access;

import io.ruleworks.domain.fixtures.ApiKeys;
import io.ruleworks.domain.shared.TenantId;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class ApiKeyTest {

    private static final Instant NOW = Instant.parse("2026-03-02T09:00:00Z");

    @Test
    void an_active_key_without_expiry_or_limit_may_be_used() {
        ApiKey key = ApiKeys.anActiveKey().build();

        assertThat(key.refusal(NOW)).isEmpty();
    }

    @Test
    void an_inactive_key_is_refused_as_inactive() {
        ApiKey key = ApiKeys.anActiveKey().inactive().build();

        assertThat(key.refusal(NOW)).contains(AuthenticationException.Reason.INACTIVE);
    }

    @Test
    void a_key_may_be_used_until_just_before_its_expiry() {
        ApiKey key = ApiKeys.anActiveKey().expiringAt(NOW).build();

        assertThat(key.refusal(NOW.minusNanos(1))).isEmpty();
    }

    @Test
    void a_key_is_expired_at_the_very_instant_of_its_expiry() {
        ApiKey key = ApiKeys.anActiveKey().expiringAt(NOW).build();

        assertThat(key.refusal(NOW)).contains(AuthenticationException.Reason.EXPIRED);
    }

    @Test
    void a_key_is_expired_after_its_expiry() {
        ApiKey key = ApiKeys.anActiveKey().expiringAt(NOW).build();

        assertThat(key.refusal(NOW.plus(Duration.ofDays(1)))).contains(AuthenticationException.Reason.EXPIRED);
    }

    @Test
    void a_key_with_uses_left_may_be_used() {
        ApiKey key = ApiKeys.anActiveKey().withUsageLimit(3).usedTimes(2).build();

        assertThat(key.refusal(NOW)).isEmpty();
    }

    @Test
    void a_key_that_has_used_up_its_limit_is_refused() {
        ApiKey key = ApiKeys.anActiveKey().withUsageLimit(3).usedTimes(3).build();

        assertThat(key.refusal(NOW)).contains(AuthenticationException.Reason.USAGE_LIMIT_REACHED);
    }

    @Test
    void inactivity_is_reported_before_expiry_and_expiry_before_the_usage_limit() {
        ApiKey inactiveAndExpired = ApiKeys.anActiveKey().inactive().expiringAt(NOW.minusSeconds(1))
                .withUsageLimit(1).usedTimes(1).build();
        ApiKey expiredAndUsedUp = ApiKeys.anActiveKey().expiringAt(NOW.minusSeconds(1))
                .withUsageLimit(1).usedTimes(1).build();

        assertThat(inactiveAndExpired.refusal(NOW)).contains(AuthenticationException.Reason.INACTIVE);
        assertThat(expiredAndUsedUp.refusal(NOW)).contains(AuthenticationException.Reason.EXPIRED);
    }

    @Test
    void the_caller_of_a_key_carries_its_tenant_key_user_and_permissions() {
        TenantId tenant = new TenantId(UUID.randomUUID());
        UUID user = UUID.randomUUID();
        ApiKey key = ApiKeys.anActiveKey().forTenant(tenant).ofUser(user)
                .withPermissions(Permission.READ, Permission.EXECUTE).build();

        Caller caller = key.toCaller();

        assertThat(caller).isEqualTo(new Caller(tenant, key.id(), Optional.of(user),
                Set.of(Permission.READ, Permission.EXECUTE)));
    }

    @Test
    void an_authentication_failure_reports_its_reason_in_lower_case() {
        AuthenticationException e = new AuthenticationException(AuthenticationException.Reason.USAGE_LIMIT_REACHED);

        assertThat(e.code()).isEqualTo("UNAUTHORIZED");
        assertThat(e.details()).containsEntry("reason", "usage_limit_reached");
        assertThat(e.getMessage()).isEqualTo("API key has reached its usage limit");
    }
}
