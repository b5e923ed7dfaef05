package io.ruleworks.adapter.out.persistence.trigger;

import io.ruleworks.adapter.out.persistence.access.PostgresTenantRepository;
import io.ruleworks.adapter.out.persistence.rule.PostgresRuleRepository;
import io.ruleworks.adapter.out.persistence.testing.FreshDatabaseTest;
import io.ruleworks.adapter.out.persistence.support.JdbcTransactions;
import io.ruleworks.adapter.out.persistence.testing.TenantFixture;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.ruleworks.application.port.out.rule.RuleVersion;
import io.ruleworks.application.port.out.trigger.ScheduleStore.Due;
import io.ruleworks.domain.rule.AutomationRule;
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

/** Schedules tied to rule versions, and due schedules claimed once across connections. */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PostgresScheduleStoreTest extends FreshDatabaseTest {

    private static final Instant DUE = T0.plusSeconds(3600);

    @Inject
    PostgresScheduleStore schedules;
    @Inject
    PostgresRuleRepository rules;
    @Inject
    PostgresTenantRepository tenants;
    @Inject
    JdbcTransactions transactions;

    private AutomationRule scheduledRule(TenantId tenant) {
        AutomationRule rule = ruleOf(tenant).trigger(TriggerType.RECURRING).build();
        rules.insert(rule);
        return rule;
    }

    private List<RuleVersion> staleOf(TenantId tenant) {
        return schedules.stale(1000).stream().filter(v -> v.tenant().equals(tenant)).toList();
    }

    private List<Due> dueOf(TenantId tenant, Instant now) {
        return transactions.inTransaction(() -> schedules.lockDue(now, 1000)).stream()
                .filter(d -> d.tenant().equals(tenant)).toList();
    }

    @Test
    void a_scheduled_rule_without_a_schedule_is_stale_and_a_manual_rule_never_is() {
        TenantId tenant = TenantFixture.stored(tenants);
        AutomationRule scheduled = scheduledRule(tenant);
        rules.insert(ruleOf(tenant).trigger(TriggerType.MANUAL).build());

        assertThat(staleOf(tenant)).containsExactly(versionOf(scheduled));

        schedules.save(versionOf(scheduled), Optional.of(DUE));

        assertThat(staleOf(tenant)).isEmpty();
    }

    @Test
    void an_edited_rule_makes_its_schedule_stale_and_a_stale_schedule_is_never_due() {
        TenantId tenant = TenantFixture.stored(tenants);
        AutomationRule rule = scheduledRule(tenant);
        schedules.save(versionOf(rule), Optional.of(DUE));
        AutomationRule edited = rules.findById(tenant, rule.id()).orElseThrow();
        edited.revise(io.ruleworks.domain.rule.RuleDraft.empty(), Clock.fixed(T0.plusSeconds(5), ZoneOffset.UTC));
        rules.update(edited);

        assertThat(staleOf(tenant)).containsExactly(versionOf(edited));
        assertThat(dueOf(tenant, DUE.plusSeconds(1))).isEmpty();

        schedules.save(versionOf(edited), Optional.of(DUE.plusSeconds(60)));

        assertThat(dueOf(tenant, DUE.plusSeconds(61))).singleElement()
                .satisfies(d -> assertThat(d.nextFireAt()).isEqualTo(DUE.plusSeconds(60)));
    }

    @Test
    void saving_the_same_version_again_keeps_what_the_first_save_stored() {
        TenantId tenant = TenantFixture.stored(tenants);
        AutomationRule rule = scheduledRule(tenant);

        schedules.save(versionOf(rule), Optional.of(DUE));
        schedules.save(versionOf(rule), Optional.of(DUE.plusSeconds(999)));

        assertThat(dueOf(tenant, DUE)).singleElement().satisfies(d -> assertThat(d.nextFireAt()).isEqualTo(DUE));
    }

    @Test
    void advance_moves_the_schedule_on_and_keeps_the_fire_count_across_versions() {
        TenantId tenant = TenantFixture.stored(tenants);
        AutomationRule rule = scheduledRule(tenant);
        schedules.save(versionOf(rule), Optional.of(DUE));

        transactions.run(() -> schedules.advance(tenant, rule.id(), Optional.of(DUE.plusSeconds(3600)), 1, DUE, "fired"));

        assertThat(dueOf(tenant, DUE)).isEmpty();
        assertThat(dueOf(tenant, DUE.plusSeconds(3600))).singleElement()
                .satisfies(d -> assertThat(d.fireCount()).isEqualTo(1));
        assertThat(sql.count("SELECT count(*) FROM rule_schedules WHERE rule_id = '" + rule.id()
                + "' AND last_outcome = 'fired'")).isEqualTo(1);
    }

    @Test
    void a_due_schedule_locked_by_one_transaction_is_skipped_by_another() throws Exception {
        TenantId tenant = TenantFixture.stored(tenants);
        AutomationRule first = scheduledRule(tenant);
        AutomationRule second = scheduledRule(tenant);
        schedules.save(versionOf(first), Optional.of(DUE));
        schedules.save(versionOf(second), Optional.of(DUE.plusSeconds(1)));
        CountDownLatch locked = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);

        CompletableFuture<List<Due>> holder = CompletableFuture.supplyAsync(() -> transactions.inTransaction(() -> {
            List<Due> mine = schedules.lockDue(DUE, 1000).stream().filter(d -> d.tenant().equals(tenant)).toList();
            locked.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return mine;
        }));
        assertThat(locked.await(10, TimeUnit.SECONDS)).isTrue();
        List<Due> other = dueOf(tenant, DUE.plusSeconds(1));
        release.countDown();

        assertThat(holder.get(10, TimeUnit.SECONDS)).extracting(Due::rule).containsExactly(first.id());
        assertThat(other).extracting(Due::rule).containsExactly(second.id());
    }

    @Test
    void deleting_the_rule_deletes_its_schedule() {
        TenantId tenant = TenantFixture.stored(tenants);
        AutomationRule rule = scheduledRule(tenant);
        schedules.save(versionOf(rule), Optional.of(DUE));

        rules.delete(tenant, rule.id());

        assertThat(sql.count("SELECT count(*) FROM rule_schedules WHERE rule_id = '" + rule.id() + "'")).isZero();
    }

    @Test
    void the_due_query_can_be_answered_from_the_due_index() throws Exception {
        StringBuilder plan = new StringBuilder();
        try (var c = sql.connect(); var st = c.createStatement()) {
            st.execute("SET enable_seqscan = off");
            try (var rs = st.executeQuery("EXPLAIN SELECT s.tenant FROM rule_schedules s "
                    + "WHERE s.next_fire_at IS NOT NULL AND s.next_fire_at <= now() ORDER BY s.next_fire_at LIMIT 100")) {
                while (rs.next()) {
                    plan.append(rs.getString(1)).append('\n');
                }
            }
        }

        assertThat(plan.toString()).contains("rule_schedules_due_idx");
    }
}
