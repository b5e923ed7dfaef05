package io.ruleworks.adapter.out.persistence.hook;

import io.ruleworks.adapter.out.persistence.access.PostgresTenantRepository;
import io.ruleworks.adapter.out.persistence.rule.PostgresRuleRepository;
import io.ruleworks.adapter.out.persistence.testing.FreshDatabaseTest;
import io.ruleworks.adapter.out.persistence.support.JdbcTransactions;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.ruleworks.application.port.out.hook.HookStore.Recorded;
import io.ruleworks.domain.access.Tenant;
import io.ruleworks.domain.execution.ExecutionId;
import io.ruleworks.domain.hook.HookSecret;
import io.ruleworks.domain.hook.RuleHook;
import io.ruleworks.domain.rule.AutomationRule;
import io.ruleworks.domain.rule.TriggerType;
import io.ruleworks.domain.shared.TenantId;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import static io.ruleworks.adapter.out.persistence.testing.RuleFixture.T0;
import static io.ruleworks.adapter.out.persistence.testing.RuleFixture.ruleOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Hook secrets encrypted at rest, and deliveries recorded once across connections. */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PostgresHookStoreTest extends FreshDatabaseTest {

    static final String KEY = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";

    @Inject
    PostgresHookStore hooks;
    @Inject
    PostgresRuleRepository rules;
    @Inject
    PostgresTenantRepository tenants;
    @Inject
    JdbcTransactions transactions;
    @Inject
    HookSecretRows secretRows;
    @Inject
    HookDeliveryRows deliveryRows;

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> properties = new HashMap<>(super.getProperties());
        properties.put("ruleworks.hooks.secret-key", KEY);
        properties.put("datasources.default.maximum-pool-size", "8");
        return properties;
    }

    private AutomationRule webhookRule() {
        TenantId tenant = new TenantId(UUID.randomUUID());
        tenants.save(new Tenant(tenant, "tenant " + tenant, T0));
        AutomationRule rule = ruleOf(tenant).trigger(TriggerType.WEBHOOK).build();
        rules.insert(rule);
        return rule;
    }

    private List<String> storedSecretColumns(AutomationRule rule) {
        return sql.query("SELECT current_secret, coalesce(previous_secret, '') FROM rule_hook_secrets WHERE rule_id = ?",
                rs -> rs.getString(1) + " " + rs.getString(2), rule.id().value());
    }

    @Test
    void a_saved_secret_is_found_by_rule_id_alone_and_is_stored_only_encrypted() {
        AutomationRule rule = webhookRule();
        HookSecret secret = HookSecret.generate();

        hooks.save(RuleHook.issued(rule.tenant(), rule.id(), secret), T0);

        assertThat(hooks.findByRule(rule.id())).contains(RuleHook.issued(rule.tenant(), rule.id(), secret));
        assertThat(storedSecretColumns(rule)).singleElement().asString()
                .startsWith("aesgcm:").doesNotContain(secret.value()).doesNotContain(secret.value().substring(6));
    }

    @Test
    void an_unknown_rule_id_decrypts_as_much_as_a_known_one_with_one_secret() {
        AtomicInteger opened = new AtomicInteger();
        HookSecretCipher counting = new HookSecretCipher(KEY) {
            @Override
            public String open(String stored, String identity) {
                opened.incrementAndGet();
                return super.open(stored, identity);
            }
        };
        PostgresHookStore store = new PostgresHookStore(secretRows, deliveryRows, counting);
        AutomationRule rule = webhookRule();
        store.save(RuleHook.issued(rule.tenant(), rule.id(), HookSecret.generate()), T0);

        assertThat(store.findByRule(rule.id())).isPresent();
        int forKnown = opened.getAndSet(0);
        assertThat(store.findByRule(io.ruleworks.domain.rule.RuleId.newId())).isEmpty();

        assertThat(forKnown).isEqualTo(1);
        assertThat(opened.get()).isEqualTo(forKnown);
    }

    @Test
    void a_rotation_keeps_the_previous_secret_with_its_expiry() {
        AutomationRule rule = webhookRule();
        HookSecret first = HookSecret.generate();
        hooks.save(RuleHook.issued(rule.tenant(), rule.id(), first), T0);
        RuleHook rotated = transactions.inTransaction(() -> hooks.findForUpdate(rule.tenant(), rule.id()).orElseThrow()
                .rotate(HookSecret.generate(), T0, Duration.ofHours(24)));

        hooks.save(rotated, T0);

        assertThat(hooks.findByRule(rule.id())).contains(rotated);
        assertThat(storedSecretColumns(rule)).singleElement().asString().doesNotContain(first.value());
    }

    @Test
    void another_tenant_does_not_find_the_hook_for_update() {
        AutomationRule rule = webhookRule();
        hooks.save(RuleHook.issued(rule.tenant(), rule.id(), HookSecret.generate()), T0);

        assertThat(transactions.inTransaction(() -> hooks.findForUpdate(new TenantId(UUID.randomUUID()), rule.id())))
                .isEmpty();
    }

    @Test
    void a_ciphertext_moved_to_another_rule_does_not_decrypt() {
        AutomationRule a = webhookRule();
        AutomationRule b = webhookRule();
        hooks.save(RuleHook.issued(a.tenant(), a.id(), HookSecret.generate()), T0);
        hooks.save(RuleHook.issued(b.tenant(), b.id(), HookSecret.generate()), T0);

        sql.update("UPDATE rule_hook_secrets SET current_secret = (SELECT current_secret FROM rule_hook_secrets "
                + "WHERE rule_id = ?) WHERE rule_id = ?", a.id().value(), b.id().value());

        assertThatThrownBy(() -> hooks.findByRule(b.id())).hasMessageContaining("does not decrypt");
    }

    @Test
    void a_delivery_is_recorded_once_and_its_replays_by_id_or_content_name_the_first_execution() {
        AutomationRule rule = webhookRule();
        ExecutionId first = ExecutionId.newId();
        String digest = "a".repeat(64);

        Recorded recorded = hooks.recordDelivery(rule.tenant(), rule.id(), "d-1", digest, first, T0);
        Recorded sameId = hooks.recordDelivery(rule.tenant(), rule.id(), "d-1", "b".repeat(64), ExecutionId.newId(), T0);
        Recorded sameContent = hooks.recordDelivery(rule.tenant(), rule.id(), "d-2", digest, ExecutionId.newId(), T0);

        assertThat(recorded).isEqualTo(new Recorded(true, first));
        assertThat(sameId).isEqualTo(new Recorded(false, first));
        assertThat(sameContent).isEqualTo(new Recorded(false, first));
    }

    @Test
    void twenty_concurrent_copies_of_one_delivery_record_exactly_one() throws Exception {
        AutomationRule rule = webhookRule();
        int copies = 20;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(copies);
        try {
            List<Future<Recorded>> futures = new ArrayList<>();
            for (int i = 0; i < copies; i++) {
                ExecutionId candidate = ExecutionId.newId();
                futures.add(pool.submit(() -> {
                    start.await();
                    return transactions.inTransaction(() -> hooks.recordDelivery(rule.tenant(), rule.id(), "same",
                            "c".repeat(64), candidate, T0));
                }));
            }
            start.countDown();
            List<Recorded> results = new ArrayList<>();
            for (Future<Recorded> f : futures) {
                results.add(f.get());
            }

            assertThat(results).filteredOn(Recorded::fresh).hasSize(1);
            assertThat(results).extracting(Recorded::executionId).containsOnly(
                    results.stream().filter(Recorded::fresh).findFirst().orElseThrow().executionId());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void pruning_forgets_only_deliveries_received_before_the_cutoff() {
        AutomationRule rule = webhookRule();
        hooks.recordDelivery(rule.tenant(), rule.id(), "old", "d".repeat(64), ExecutionId.newId(), T0);
        hooks.recordDelivery(rule.tenant(), rule.id(), "new", "e".repeat(64), ExecutionId.newId(), T0.plusSeconds(60));

        int pruned = hooks.pruneDeliveries(T0.plusSeconds(30));

        assertThat(pruned).isGreaterThanOrEqualTo(1);
        assertThat(sql.query("SELECT delivery_id FROM rule_hook_deliveries WHERE rule_id = ?", rs -> rs.getString(1),
                rule.id().value())).containsExactly("new");
    }

    @Test
    void deleting_the_rule_deletes_its_hook() {
        AutomationRule rule = webhookRule();
        hooks.save(RuleHook.issued(rule.tenant(), rule.id(), HookSecret.generate()), T0);

        rules.delete(rule.tenant(), rule.id());

        assertThat(hooks.findByRule(rule.id())).isEmpty();
    }
}
