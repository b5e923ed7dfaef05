package io.ruleworks.adapter.out.persistence.trigger;

import io.ruleworks.adapter.out.persistence.access.PostgresTenantRepository;
import io.ruleworks.adapter.out.persistence.rule.PostgresRuleRepository;
import io.ruleworks.adapter.out.persistence.testing.FreshDatabaseTest;
import io.ruleworks.adapter.out.persistence.support.JdbcTransactions;
import io.ruleworks.adapter.out.persistence.testing.TenantFixture;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.ruleworks.application.port.out.rule.RuleVersion;
import io.ruleworks.application.port.out.trigger.ConditionPollStore.Claim;
import io.ruleworks.domain.rule.AutomationRule;
import io.ruleworks.domain.rule.RuleDraft;
import io.ruleworks.domain.rule.TriggerType;
import io.ruleworks.domain.shared.TenantId;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static io.ruleworks.adapter.out.persistence.testing.RuleFixture.T0;
import static io.ruleworks.adapter.out.persistence.testing.RuleFixture.ruleOf;
import static io.ruleworks.adapter.out.persistence.testing.RuleFixture.versionOf;
import static org.assertj.core.api.Assertions.assertThat;

/** Polling state tied to rule versions, the matching set, and due checks claimed once across connections. */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PostgresConditionPollStoreTest extends FreshDatabaseTest {

    private static final Instant DUE = T0.plusSeconds(3600);
    private static final Instant FAR = Instant.parse("2100-01-01T00:00:00Z");
    private static final Instant LATER = Instant.parse("2099-01-01T00:00:00Z");

    @Inject
    PostgresConditionPollStore store;
    @Inject
    PostgresRuleRepository rules;
    @Inject
    PostgresTenantRepository tenants;
    @Inject
    JdbcTransactions transactions;

    private AutomationRule pollingRule(TenantId tenant) {
        AutomationRule rule = ruleOf(tenant).trigger(TriggerType.CONDITION_BASED).build();
        rules.insert(rule);
        return rule;
    }

    private List<RuleVersion> staleOf(TenantId tenant) {
        return store.stale(1000).stream().filter(v -> v.tenant().equals(tenant)).toList();
    }

    /** Claims due checks until none is left at {@code now}, keeping those of {@code tenant}. */
    private Optional<Claim> claim(TenantId tenant, Instant now) {
        return claim(tenant, now, FAR);
    }

    private Optional<Claim> claim(TenantId tenant, Instant now, Instant leaseUntil) {
        while (true) {
            Optional<Claim> claim = transactions.inTransaction(() -> store.claimDue(now, leaseUntil));
            if (claim.isEmpty() || claim.get().tenant().equals(tenant)) {
                return claim;
            }
        }
    }

    @Test
    void a_condition_based_rule_without_state_is_stale_and_a_manual_rule_never_is() {
        TenantId tenant = TenantFixture.stored(tenants);
        AutomationRule polling = pollingRule(tenant);
        rules.insert(ruleOf(tenant).trigger(TriggerType.MANUAL).build());

        assertThat(staleOf(tenant)).containsExactly(versionOf(polling));

        store.save(versionOf(polling), Optional.of(DUE));

        assertThat(staleOf(tenant)).isEmpty();
    }

    @Test
    void a_due_check_is_claimed_once_with_a_lease_and_a_stale_state_is_never_claimed() {
        TenantId tenant = TenantFixture.stored(tenants);
        AutomationRule rule = pollingRule(tenant);
        store.save(versionOf(rule), Optional.of(DUE));

        assertThat(claim(tenant, DUE.minusSeconds(1))).isEmpty();
        Claim claim = claim(tenant, DUE).orElseThrow();

        assertThat(claim.rule()).isEqualTo(rule.id());
        assertThat(claim.consecutiveFailures()).isZero();
        assertThat(claim(tenant, DUE.plusSeconds(60))).isEmpty();
        AutomationRule edited = rules.findById(tenant, rule.id()).orElseThrow();
        edited.revise(RuleDraft.empty(), Clock.fixed(T0.plusSeconds(5), ZoneOffset.UTC));
        rules.update(edited);
        assertThat(transactions.inTransaction(() -> store.lockClaim(claim))).isFalse();
        assertThat(claim(tenant, LATER)).isEmpty();
        assertThat(staleOf(tenant)).containsExactly(versionOf(edited));
    }

    @Test
    void a_claim_taken_over_after_its_lease_can_no_longer_write() {
        TenantId tenant = TenantFixture.stored(tenants);
        AutomationRule rule = pollingRule(tenant);
        store.save(versionOf(rule), Optional.of(DUE));
        Claim first = claim(tenant, DUE, DUE.plusSeconds(120)).orElseThrow();
        Claim second = claim(tenant, DUE.plusSeconds(120)).orElseThrow();

        assertThat(transactions.inTransaction(() -> store.lockClaim(first))).isFalse();
        assertThat(transactions.inTransaction(() -> store.lockClaim(second))).isTrue();
        transactions.run(() -> store.finish(first, Optional.of(DUE), 0, Optional.empty(), DUE));
        assertThat(sql.count("SELECT count(*) FROM condition_polls WHERE rule_id = '" + rule.id()
                + "' AND claim_token = '" + second.token() + "'")).isEqualTo(1);
    }

    @Test
    void finishing_records_the_next_check_the_failures_and_the_error_and_a_new_version_resets_them() {
        TenantId tenant = TenantFixture.stored(tenants);
        AutomationRule rule = pollingRule(tenant);
        store.save(versionOf(rule), Optional.of(DUE));
        Claim claim = claim(tenant, DUE).orElseThrow();

        transactions.run(() -> store.finish(claim, Optional.of(DUE.plusSeconds(300)), 2, Optional.of("PSA_TIMEOUT: slow"),
                DUE));

        assertThat(claim(tenant, DUE.plusSeconds(299))).isEmpty();
        assertThat(claim(tenant, DUE.plusSeconds(300))).hasValueSatisfying(c ->
                assertThat(c.consecutiveFailures()).isEqualTo(2));
        assertThat(sql.count("SELECT count(*) FROM condition_polls WHERE rule_id = '" + rule.id()
                + "' AND last_error = 'PSA_TIMEOUT: slow'")).isEqualTo(1);
        AutomationRule edited = rules.findById(tenant, rule.id()).orElseThrow();
        edited.revise(RuleDraft.empty(), Clock.fixed(T0.plusSeconds(5), ZoneOffset.UTC));
        rules.update(edited);
        store.save(versionOf(edited), Optional.of(DUE));
        assertThat(claim(tenant, DUE)).hasValueSatisfying(c -> assertThat(c.consecutiveFailures()).isZero());
    }

    @Test
    void the_matching_set_remembers_and_forgets_item_keys_per_rule() {
        TenantId tenant = TenantFixture.stored(tenants);
        AutomationRule rule = pollingRule(tenant);
        AutomationRule other = pollingRule(tenant);

        store.remember(tenant, rule.id(), List.of("t1", "t2", "t3"), DUE);
        store.remember(tenant, rule.id(), List.of("t3", "t4"), DUE);
        store.remember(tenant, other.id(), List.of("t1"), DUE);
        store.forget(tenant, rule.id(), List.of("t2", "t9"));

        assertThat(store.matchingKeys(tenant, rule.id())).containsExactlyInAnyOrder("t1", "t3", "t4");
        assertThat(store.matchingKeys(tenant, other.id())).containsExactly("t1");
        assertThat(store.matchingKeys(TenantFixture.stored(tenants), rule.id())).isEmpty();
    }

    @Test
    void a_due_check_locked_by_one_transaction_is_skipped_by_another() throws Exception {
        TenantId tenant = TenantFixture.stored(tenants);
        AutomationRule first = pollingRule(tenant);
        AutomationRule second = pollingRule(tenant);
        store.save(versionOf(first), Optional.of(DUE));
        store.save(versionOf(second), Optional.of(DUE.plusSeconds(1)));
        CountDownLatch locked = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);

        CompletableFuture<Optional<Claim>> holder = CompletableFuture.supplyAsync(() -> transactions.inTransaction(() -> {
            Optional<Claim> mine = store.claimDue(DUE, FAR);
            locked.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return mine;
        }));
        assertThat(locked.await(10, TimeUnit.SECONDS)).isTrue();
        Optional<Claim> other = transactions.inTransaction(() -> store.claimDue(DUE.plusSeconds(1), FAR));
        release.countDown();

        assertThat(holder.get(10, TimeUnit.SECONDS)).map(Claim::rule).contains(first.id());
        assertThat(other).map(Claim::rule).contains(second.id());
    }

    @Test
    void deleting_the_rule_deletes_its_state_and_matches() {
        TenantId tenant = TenantFixture.stored(tenants);
        AutomationRule rule = pollingRule(tenant);
        store.save(versionOf(rule), Optional.of(DUE));
        store.remember(tenant, rule.id(), List.of("t1"), DUE);

        rules.delete(tenant, rule.id());

        assertThat(sql.count("SELECT count(*) FROM condition_polls WHERE rule_id = '" + rule.id() + "'")).isZero();
        assertThat(sql.count("SELECT count(*) FROM condition_matches WHERE rule_id = '" + rule.id() + "'")).isZero();
    }
}
