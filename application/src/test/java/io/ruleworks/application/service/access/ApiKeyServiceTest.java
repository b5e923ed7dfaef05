package io.ruleworks.application.service.access;

import io.ruleworks.application.fixtures.DirectTransactions;
import io.ruleworks.application.fixtures.InMemoryApiKeyStore;
import io.ruleworks.application.fixtures.InMemoryTenantRepository;
import io.ruleworks.application.port.in.access.IssueApiKeyUseCase.IssueApiKeyCommand;
import io.ruleworks.application.port.in.access.IssueApiKeyUseCase.IssuedApiKey;
import io.ruleworks.application.port.out.access.ApiKeyStore;
import io.ruleworks.domain.access.ApiKey;
import io.ruleworks.domain.access.AuthenticationException;
import io.ruleworks.domain.access.AuthenticationException.Reason;
import io.ruleworks.domain.access.Caller;
import io.ruleworks.domain.access.Permission;
import io.ruleworks.domain.access.PermissionDeniedException;
import io.ruleworks.domain.access.Tenant;
import io.ruleworks.domain.fixtures.ApiKeys;
import io.ruleworks.domain.fixtures.MutableClock;
import io.ruleworks.domain.fixtures.TenantIds;
import io.ruleworks.domain.shared.NotFoundException;
import io.ruleworks.domain.shared.TenantId;
import io.ruleworks.domain.shared.ValidationException;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class ApiKeyServiceTest {

    private static final String SECRET = "rwk_known-secret-for-tests";

    private final MutableClock clock = MutableClock.standing();
    private final InMemoryApiKeyStore keys = new InMemoryApiKeyStore();
    private final InMemoryTenantRepository tenants = new InMemoryTenantRepository();
    private final DirectTransactions transactions = new DirectTransactions();
    private final ApiKeyService service = new ApiKeyService(keys, tenants, transactions, clock);

    private final TenantId tenant = TenantIds.random();

    private ApiKey storedKey(ApiKeys.Builder key) {
        ApiKey built = key.withSecret(SECRET).forTenant(tenant).build();
        keys.containing(built);
        return built;
    }

    private long usesOf(ApiKey key) {
        return keys.findByHash(key.keyHash()).orElseThrow().usageCount();
    }

    private Reason refusalOf(Optional<String> apiKey) {
        return catchThrowableOfType(AuthenticationException.class,
                () -> service.authenticate(apiKey, Optional.empty())).reason();
    }

    private static IssueApiKeyCommand command(Optional<TenantId> tenant, Set<Permission> permissions) {
        return new IssueApiKeyCommand(tenant, permissions, Optional.empty(), Optional.empty());
    }

    /**
     * authenticateWithoutBlocking (the HTTP filter's event-loop path): the same caller and the same
     * refusals as authenticate where the store holds the key in memory; empty, counting nothing, where
     * authenticate would have to go to the database.
     */
    @Nested
    class AuthenticateWithoutBlocking {

        @Test
        void a_held_key_without_a_limit_resolves_to_the_same_caller_and_counts_one_use() {
            UUID user = UUID.randomUUID();
            ApiKey key = storedKey(ApiKeys.anActiveKey().ofUser(user).withPermissions(Permission.READ));

            Optional<Caller> caller = service.authenticateWithoutBlocking(Optional.of(SECRET), Optional.empty());

            assertThat(caller).contains(new Caller(tenant, key.id(), Optional.of(user), Set.of(Permission.READ)));
            assertThat(caller).contains(service.authenticate(Optional.of(SECRET), Optional.empty()));
            assertThat(usesOf(key)).isEqualTo(2);
        }

        @Test
        void a_key_with_a_usage_limit_is_left_to_authenticate_and_not_counted() {
            ApiKey key = storedKey(ApiKeys.anActiveKey().withUsageLimit(3));

            assertThat(service.authenticateWithoutBlocking(Optional.of(SECRET), Optional.empty())).isEmpty();
            assertThat(usesOf(key)).isZero();
        }

        @Test
        void a_key_the_store_does_not_hold_is_left_to_authenticate() {
            ApiKey key = storedKey(ApiKeys.anActiveKey());
            keys.holdingNone();

            assertThat(service.authenticateWithoutBlocking(Optional.of(SECRET), Optional.empty())).isEmpty();
            assertThat(usesOf(key)).isZero();
            assertThat(service.authenticate(Optional.of(SECRET), Optional.empty()).tenant()).isEqualTo(tenant);
        }

        @Test
        void an_unknown_key_is_left_to_authenticate_which_refuses_it() {
            storedKey(ApiKeys.anActiveKey());

            assertThat(service.authenticateWithoutBlocking(Optional.of("rwk_someone-elses-guess"), Optional.empty()))
                    .isEmpty();
            assertThat(refusalOf(Optional.of("rwk_someone-elses-guess"))).isEqualTo(Reason.UNKNOWN);
        }

        @Test
        void refusals_known_without_the_database_are_the_same_as_authenticate() {
            assertThat(catchThrowableOfType(AuthenticationException.class,
                    () -> service.authenticateWithoutBlocking(Optional.empty(), Optional.empty())).reason())
                    .isEqualTo(Reason.MISSING);
            assertThat(catchThrowableOfType(AuthenticationException.class,
                    () -> service.authenticateWithoutBlocking(Optional.of("not-a-key"), Optional.empty())).reason())
                    .isEqualTo(Reason.UNKNOWN);

            ApiKey key = storedKey(ApiKeys.anActiveKey().inactive());
            assertThat(catchThrowableOfType(AuthenticationException.class,
                    () -> service.authenticateWithoutBlocking(Optional.of(SECRET), Optional.empty())).reason())
                    .isEqualTo(refusalOf(Optional.of(SECRET)));
            assertThat(usesOf(key)).isZero();
        }

        @Test
        void a_tenant_header_naming_another_tenant_is_refused_before_counting_a_use() {
            ApiKey key = storedKey(ApiKeys.anActiveKey());

            assertThat(catchThrowableOfType(PermissionDeniedException.class,
                    () -> service.authenticateWithoutBlocking(Optional.of(SECRET),
                            Optional.of(TenantIds.random().toString())))).isNotNull();
            assertThat(usesOf(key)).isZero();
            assertThat(service.authenticateWithoutBlocking(Optional.of(SECRET), Optional.of(tenant.toString())))
                    .map(Caller::tenant).contains(tenant);
        }
    }

    @Nested
    class Authenticate {

        @Test
        void a_valid_key_resolves_to_the_caller_of_its_tenant_with_its_permissions() {
            UUID user = UUID.randomUUID();
            ApiKey key = storedKey(ApiKeys.anActiveKey().ofUser(user).withPermissions(Permission.READ));

            Caller caller = service.authenticate(Optional.of(SECRET), Optional.empty());

            assertThat(caller).isEqualTo(new Caller(tenant, key.id(), Optional.of(user), Set.of(Permission.READ)));
        }

        @Test
        void surrounding_whitespace_around_the_key_is_ignored() {
            storedKey(ApiKeys.anActiveKey());

            Caller caller = service.authenticate(Optional.of("  " + SECRET + "\t"), Optional.empty());

            assertThat(caller.tenant()).isEqualTo(tenant);
        }

        @Test
        void no_key_is_refused_as_missing() {
            assertThat(refusalOf(Optional.empty())).isEqualTo(Reason.MISSING);
        }

        @ParameterizedTest
        @ValueSource(strings = {"", "   ", "\t"})
        void a_blank_key_is_refused_as_missing(String blank) {
            assertThat(refusalOf(Optional.of(blank))).isEqualTo(Reason.MISSING);
        }

        @Test
        void a_key_nobody_issued_is_refused_as_unknown() {
            storedKey(ApiKeys.anActiveKey());

            assertThat(refusalOf(Optional.of("rwk_someone-elses-guess"))).isEqualTo(Reason.UNKNOWN);
        }

        @ParameterizedTest
        @ValueSource(strings = {"not-a-key", "rwk_", "rwk_has spaces", "rwk_percent%41", "RWK_upper", "Bearer rwk_x"})
        void a_key_of_a_shape_never_issued_is_refused_as_unknown_without_a_lookup(String garbled) {
            ApiKeyStore store = org.mockito.Mockito.mock(ApiKeyStore.class);
            ApiKeyService withoutDatabase = new ApiKeyService(store, tenants, transactions, clock);

            AuthenticationException refused = catchThrowableOfType(AuthenticationException.class,
                    () -> withoutDatabase.authenticate(Optional.of(garbled), Optional.empty()));

            assertThat(refused.reason()).isEqualTo(Reason.UNKNOWN);
            org.mockito.Mockito.verifyNoInteractions(store);
        }

        @Test
        void a_key_longer_than_512_characters_is_refused_as_unknown() {
            assertThat(refusalOf(Optional.of("k".repeat(513)))).isEqualTo(Reason.UNKNOWN);
        }

        @Test
        void an_inactive_key_is_refused_as_inactive_and_not_counted() {
            ApiKey key = storedKey(ApiKeys.anActiveKey().inactive());

            assertThat(refusalOf(Optional.of(SECRET))).isEqualTo(Reason.INACTIVE);
            assertThat(usesOf(key)).isZero();
        }

        @Test
        void a_key_is_refused_as_expired_from_the_instant_it_expires() {
            storedKey(ApiKeys.anActiveKey().expiringAt(clock.instant()));

            assertThat(refusalOf(Optional.of(SECRET))).isEqualTo(Reason.EXPIRED);
        }

        @Test
        void a_key_is_accepted_until_just_before_it_expires() {
            storedKey(ApiKeys.anActiveKey().expiringAt(clock.instant().plusMillis(1)));

            assertThat(service.authenticate(Optional.of(SECRET), Optional.empty()).tenant()).isEqualTo(tenant);
        }

        @Test
        void a_key_that_has_used_up_its_limit_is_refused_and_not_counted_further() {
            ApiKey key = storedKey(ApiKeys.anActiveKey().withUsageLimit(2).usedTimes(2));

            assertThat(refusalOf(Optional.of(SECRET))).isEqualTo(Reason.USAGE_LIMIT_REACHED);
            assertThat(usesOf(key)).isEqualTo(2);
        }

        @Test
        void a_key_with_a_limit_of_n_authenticates_n_times_and_then_no_more() {
            storedKey(ApiKeys.anActiveKey().withUsageLimit(3));
            for (int i = 0; i < 3; i++) {
                service.authenticate(Optional.of(SECRET), Optional.empty());
            }

            assertThat(refusalOf(Optional.of(SECRET))).isEqualTo(Reason.USAGE_LIMIT_REACHED);
        }

        @Test
        void each_authentication_counts_exactly_one_use() {
            ApiKey key = storedKey(ApiKeys.anActiveKey().usedTimes(10));

            service.authenticate(Optional.of(SECRET), Optional.empty());
            service.authenticate(Optional.of(SECRET), Optional.empty());

            assertThat(usesOf(key)).isEqualTo(12);
        }

        @Test
        void an_authentication_stamps_the_keys_last_use() {
            ApiKey key = storedKey(ApiKeys.anActiveKey());

            service.authenticate(Optional.of(SECRET), Optional.empty());

            assertThat(keys.findByHash(key.keyHash()).orElseThrow().lastUsedAt()).contains(clock.instant());
        }

        @Test
        void a_tenant_header_naming_another_tenant_is_forbidden() {
            storedKey(ApiKeys.anActiveKey());

            PermissionDeniedException denied = catchThrowableOfType(PermissionDeniedException.class,
                    () -> service.authenticate(Optional.of(SECRET), Optional.of(TenantIds.random().toString())));

            assertThat(denied.code()).isEqualTo("FORBIDDEN");
            assertThat(denied.details()).isEqualTo(Map.of("header", "x-tenant-id"));
        }

        @Test
        void a_request_refused_for_another_tenant_does_not_count_as_a_use() {
            ApiKey key = storedKey(ApiKeys.anActiveKey());

            catchThrowableOfType(PermissionDeniedException.class,
                    () -> service.authenticate(Optional.of(SECRET), Optional.of(TenantIds.random().toString())));

            assertThat(keys.findByHash(key.keyHash()).orElseThrow().usageCount()).isEqualTo(key.usageCount());
        }

        @Test
        void a_tenant_header_naming_the_keys_tenant_is_accepted_in_any_case() {
            storedKey(ApiKeys.anActiveKey());

            Caller caller = service.authenticate(Optional.of(SECRET),
                    Optional.of(" " + tenant.toString().toUpperCase() + " "));

            assertThat(caller.tenant()).isEqualTo(tenant);
        }

        @Test
        void a_blank_tenant_header_is_ignored() {
            storedKey(ApiKeys.anActiveKey());

            Caller caller = service.authenticate(Optional.of(SECRET), Optional.of("  "));

            assertThat(caller.tenant()).isEqualTo(tenant);
        }
    }

    @Nested
    class Issue {

        private final Set<Permission> readOnly = Set.of(Permission.READ);

        private Tenant existingTenant() {
            Tenant existing = new Tenant(tenant, "acme", Instant.parse("2026-01-01T00:00:00Z"));
            tenants.containing(existing);
            return existing;
        }

        @Test
        void an_issued_key_is_stored_only_as_the_sha256_hash_of_its_secret() {
            existingTenant();

            IssuedApiKey issued = service.issue(command(Optional.of(tenant), readOnly));

            ApiKey stored = keys.all().getFirst();
            assertThat(stored.keyHash()).isEqualTo(ApiKeys.sha256(issued.apiKey())).matches("[0-9a-f]{64}");
            assertThat(stored.toString()).doesNotContain(issued.apiKey());
        }

        @Test
        void the_secret_is_a_prefixed_random_token() {
            existingTenant();

            IssuedApiKey first = service.issue(command(Optional.of(tenant), readOnly));
            IssuedApiKey second = service.issue(command(Optional.of(tenant), readOnly));

            assertThat(first.apiKey()).matches("rwk_[A-Za-z0-9_-]{43}");
            assertThat(second.apiKey()).isNotEqualTo(first.apiKey());
        }

        @Test
        void the_display_prefix_is_the_first_twelve_characters_of_the_secret() {
            existingTenant();

            IssuedApiKey issued = service.issue(command(Optional.of(tenant), readOnly));

            assertThat(keys.all().getFirst().displayPrefix()).hasSize(12).isEqualTo(issued.apiKey().substring(0, 12));
        }

        @Test
        void an_issued_key_carries_what_was_asked_for_and_has_not_been_used() {
            existingTenant();
            Instant expiry = clock.instant().plus(Duration.ofDays(30));

            IssuedApiKey issued = service.issue(new IssueApiKeyCommand(Optional.of(tenant),
                    Set.of(Permission.READ, Permission.EXECUTE), Optional.of(expiry), Optional.of(100L)));

            ApiKey stored = keys.all().getFirst();
            assertThat(stored).extracting(ApiKey::id, ApiKey::tenant, ApiKey::permissions, ApiKey::active,
                            ApiKey::expiresAt, ApiKey::usageLimit, ApiKey::usageCount, ApiKey::createdAt)
                    .containsExactly(issued.keyId(), tenant, Set.of(Permission.READ, Permission.EXECUTE), true,
                            Optional.of(expiry), Optional.of(100L), 0L, clock.instant());
        }

        @Test
        void an_issued_key_authenticates_as_its_tenant() {
            existingTenant();
            IssuedApiKey issued = service.issue(command(Optional.of(tenant), readOnly));

            Caller caller = service.authenticate(Optional.of(issued.apiKey()), Optional.empty());

            assertThat(caller).extracting(Caller::tenant, Caller::keyId, Caller::permissions)
                    .containsExactly(tenant, issued.keyId(), readOnly);
        }

        @Test
        void a_new_tenant_is_created_when_none_is_named() {
            IssuedApiKey issued = service.issue(command(Optional.empty(), readOnly));

            assertThat(tenants.all()).containsExactly(new Tenant(issued.tenant(),
                    "tenant-" + clock.instant().toEpochMilli(), clock.instant()));
        }

        @Test
        void a_key_for_a_tenant_that_does_not_exist_is_refused_and_nothing_is_stored() {
            TenantId unknown = TenantIds.random();

            NotFoundException notFound = catchThrowableOfType(NotFoundException.class,
                    () -> service.issue(command(Optional.of(unknown), readOnly)));

            assertThat(notFound.details()).isEqualTo(Map.of("resource", "tenant", "id", unknown.toString()));
            assertThat(keys.isEmpty()).isTrue();
            assertThat(tenants.all()).isEmpty();
        }

        @Test
        void a_key_without_permissions_is_refused() {
            ValidationException refused = catchThrowableOfType(ValidationException.class,
                    () -> service.issue(command(Optional.empty(), Set.of())));

            assertThat(refused.violations()).extracting(v -> v.field()).containsExactly("permissions");
            assertThat(tenants.all()).isEmpty();
        }

        @Test
        void a_key_expiring_now_is_refused() {
            ValidationException refused = catchThrowableOfType(ValidationException.class,
                    () -> service.issue(new IssueApiKeyCommand(Optional.empty(), readOnly,
                            Optional.of(clock.instant()), Optional.empty())));

            assertThat(refused.violations()).extracting(v -> v.field()).containsExactly("expires_at");
            assertThat(keys.isEmpty()).isTrue();
        }

        @Test
        void a_key_expiring_a_moment_from_now_is_accepted() {
            service.issue(new IssueApiKeyCommand(Optional.empty(), readOnly,
                    Optional.of(clock.instant().plusMillis(1)), Optional.empty()));

            assertThat(keys.all()).hasSize(1);
        }

        @ParameterizedTest
        @ValueSource(longs = {0, -1})
        void a_usage_limit_below_one_is_refused(long limit) {
            ValidationException refused = catchThrowableOfType(ValidationException.class,
                    () -> service.issue(new IssueApiKeyCommand(Optional.empty(), readOnly, Optional.empty(),
                            Optional.of(limit))));

            assertThat(refused.violations()).extracting(v -> v.field()).containsExactly("usage_limit");
            assertThat(keys.isEmpty()).isTrue();
        }

        @Test
        void a_usage_limit_of_one_is_accepted() {
            service.issue(new IssueApiKeyCommand(Optional.empty(), readOnly, Optional.empty(), Optional.of(1L)));

            assertThat(keys.all().getFirst().usageLimit()).contains(1L);
        }

        @Test
        void the_tenant_and_the_key_are_written_in_one_transaction() {
            service.issue(command(Optional.empty(), readOnly));

            assertThat(transactions.begun()).isEqualTo(1);
        }
    }

    @Nested
    class FirstAdminKey {

        @Test
        void on_a_service_without_keys_an_admin_key_with_every_permission_is_issued_for_a_default_tenant() {
            IssuedApiKey admin = service.issueFirstAdminKey().orElseThrow();

            assertThat(admin.permissions()).isEqualTo(EnumSet.allOf(Permission.class));
            assertThat(tenants.find(admin.tenant())).contains(new Tenant(admin.tenant(), "default", clock.instant()));
            assertThat(keys.all()).extracting(ApiKey::keyHash).containsExactly(ApiKeys.sha256(admin.apiKey()));
        }

        @Test
        void no_admin_key_is_issued_when_any_key_exists() {
            storedKey(ApiKeys.anActiveKey());

            Optional<IssuedApiKey> admin = service.issueFirstAdminKey();

            assertThat(admin).isEmpty();
            assertThat(keys.all()).hasSize(1);
            assertThat(tenants.all()).isEmpty();
        }

        @Test
        void a_second_call_issues_nothing() {
            service.issueFirstAdminKey();

            Optional<IssuedApiKey> again = service.issueFirstAdminKey();

            assertThat(again).isEmpty();
            assertThat(keys.all()).hasSize(1);
        }

        @Test
        void the_first_admin_key_authenticates() {
            IssuedApiKey admin = service.issueFirstAdminKey().orElseThrow();

            Caller caller = service.authenticate(Optional.of(admin.apiKey()), Optional.empty());

            assertThat(caller.permissions()).isEqualTo(EnumSet.allOf(Permission.class));
        }
    }
}
