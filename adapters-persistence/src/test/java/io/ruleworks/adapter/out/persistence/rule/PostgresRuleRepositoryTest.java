package io.ruleworks.adapter.out.persistence.rule;

import io.ruleworks.adapter.out.persistence.access.PostgresTenantRepository;
import io.ruleworks.adapter.out.persistence.testing.FreshDatabaseTest;
import io.ruleworks.adapter.out.persistence.support.JdbcTransactions;
import io.ruleworks.adapter.out.persistence.testing.TenantFixture;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.ruleworks.domain.rule.AutomationRule;
import io.ruleworks.domain.rule.RuleDefinition;
import io.ruleworks.domain.rule.RuleDraft;
import io.ruleworks.domain.rule.RuleId;
import io.ruleworks.domain.rule.TriggerType;
import io.ruleworks.domain.shared.TenantId;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static io.ruleworks.adapter.out.persistence.testing.RuleFixture.T0;
import static io.ruleworks.adapter.out.persistence.testing.RuleFixture.ruleOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Writes, reads, locks and deletes rules through the port, against a database of its own. */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PostgresRuleRepositoryTest extends FreshDatabaseTest {

    private static final Duration BOUND = Duration.ofSeconds(10);

    @Inject
    PostgresRuleRepository rules;

    @Inject
    PostgresTenantRepository tenants;

    @Inject
    JdbcTransactions transactions;

    private ExecutorService threads;

    @BeforeEach
    void startThreads() {
        threads = Executors.newCachedThreadPool();
    }

    @AfterEach
    void stopThreads() throws InterruptedException {
        threads.shutdownNow();
        assertThat(threads.awaitTermination(BOUND.toSeconds(), TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void an_inserted_rule_reads_back_equal_in_every_field() {
        TenantId tenant = TenantFixture.stored(tenants);
        UUID author = UUID.randomUUID();
        AutomationRule rule = AutomationRule.reconstitute(RuleId.newId(), tenant, RuleDefinition.from(fullDraft()),
                Optional.of(author), T0, T0.plusSeconds(90).plusNanos(654_321_000), 7, Optional.of(T0.plusSeconds(60)));

        rules.insert(rule);
        AutomationRule found = rules.findById(tenant, rule.id()).orElseThrow();

        assertSameRule(found, rule);
    }

    @Test
    void a_rule_without_optional_fields_reads_back_with_empty_optionals() {
        TenantId tenant = TenantFixture.stored(tenants);
        AutomationRule rule = ruleOf(tenant).trigger(TriggerType.WEBHOOK).build();

        rules.insert(rule);
        AutomationRule found = rules.findById(tenant, rule.id()).orElseThrow();

        assertSameRule(found, rule);
        assertThat(found.definition().description()).isEmpty();
        assertThat(found.definition().templateCategory()).isEmpty();
        assertThat(found.createdBy()).isEmpty();
        assertThat(found.lastExecuted()).isEmpty();
    }

    @Test
    void schedule_and_condition_triggers_round_trip() {
        TenantId tenant = TenantFixture.stored(tenants);
        RuleDraft schedule = ruleOf(tenant).build().definition().toDraft().overlay(withTrigger(TriggerType.RECURRING,
                Map.of("schedule_type", "custom_cron", "cron_expression", "*/15 9-17 * * 1-5",
                        "start_date", "2026-04-01T07:30:00.250Z", "end_date", "2026-12-31T23:59:59Z",
                        "timezone", "Europe/Berlin", "max_executions", 5000, "skip_if_running", true,
                        "misfire_policy", "skip")));
        RuleDraft condition = ruleOf(tenant).build().definition().toDraft().overlay(withTrigger(
                TriggerType.CONDITION_BASED, Map.of("check_interval_minutes", 30, "logic_operator", "or",
                        "max_check_attempts", 7, "conditions", List.of(
                                Map.of("field", "ticket.sla.breached", "operator", "equals", "value", true),
                                Map.of("field", "ticket.tags", "operator", "not_in", "value", List.of("vip", 42))))));
        AutomationRule scheduled = AutomationRule.reconstitute(RuleId.newId(), tenant, RuleDefinition.from(schedule),
                Optional.empty(), T0, T0, 0, Optional.empty());
        AutomationRule polled = AutomationRule.reconstitute(RuleId.newId(), tenant, RuleDefinition.from(condition),
                Optional.empty(), T0, T0, 0, Optional.empty());

        rules.insert(scheduled);
        rules.insert(polled);

        assertSameRule(rules.findById(tenant, scheduled.id()).orElseThrow(), scheduled);
        assertSameRule(rules.findById(tenant, polled.id()).orElseThrow(), polled);
    }

    @Test
    void a_rule_is_not_found_through_another_tenant() {
        TenantId owner = TenantFixture.stored(tenants);
        TenantId other = TenantFixture.stored(tenants);
        AutomationRule rule = ruleOf(owner).build();
        rules.insert(rule);

        assertThat(rules.findById(other, rule.id())).isEmpty();
        assertThat(rules.findByIdForUpdate(other, rule.id())).isEmpty();
        assertThat(rules.findById(owner, rule.id())).isPresent();
    }

    @Test
    void the_same_rule_id_may_exist_once_per_tenant() {
        TenantId first = TenantFixture.stored(tenants);
        TenantId second = TenantFixture.stored(tenants);
        RuleId shared = RuleId.newId();
        rules.insert(ruleOf(first).id(shared).name("first's").build());
        rules.insert(ruleOf(second).id(shared).name("second's").build());

        assertThat(rules.findById(first, shared).orElseThrow().definition().name()).isEqualTo("first's");
        assertThat(rules.findById(second, shared).orElseThrow().definition().name()).isEqualTo("second's");
    }

    @Test
    void update_writes_the_definition_and_updated_at_but_keeps_the_bookkeeping() {
        TenantId tenant = TenantFixture.stored(tenants);
        AutomationRule rule = ruleOf(tenant).name("Before").createdBy(UUID.randomUUID()).build();
        rules.insert(rule);
        sql.update("UPDATE automation_rules SET execution_count = 9, last_executed = ? WHERE tenant = ? AND rule_id = ?",
                T0.plusSeconds(5), tenant.value(), rule.id().value());
        Instant later = T0.plus(Duration.ofDays(2)).plusNanos(1_000);
        rule.revise(new RuleDraft(Optional.of("After"), Optional.of("now described"), Optional.of("inactive"),
                Optional.of("critical"), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.of(4L), Optional.of(15L), Optional.of(true), Optional.empty(),
                Optional.empty(), Optional.of(List.of("changed")), Optional.of(Map.of("rev", 2)), Optional.empty()),
                Clock.fixed(later, ZoneOffset.UTC));

        boolean updated = rules.update(rule);
        AutomationRule found = rules.findById(tenant, rule.id()).orElseThrow();

        assertThat(updated).isTrue();
        assertThat(found.definition()).isEqualTo(rule.definition());
        assertThat(found.definition().name()).isEqualTo("After");
        assertThat(found.updatedAt()).isEqualTo(later);
        assertThat(found.createdAt()).isEqualTo(T0);
        assertThat(found.createdBy()).isEqualTo(rule.createdBy());
        assertThat(found.executionCount()).isEqualTo(9);
        assertThat(found.lastExecuted()).contains(T0.plusSeconds(5));
    }

    @Test
    void update_of_a_missing_rule_returns_false_and_writes_nothing() {
        TenantId tenant = TenantFixture.stored(tenants);
        AutomationRule neverInserted = ruleOf(tenant).build();

        assertThat(rules.update(neverInserted)).isFalse();
        assertThat(rules.findById(tenant, neverInserted.id())).isEmpty();
    }

    @Test
    void update_cannot_reach_a_rule_of_another_tenant() {
        TenantId owner = TenantFixture.stored(tenants);
        TenantId other = TenantFixture.stored(tenants);
        AutomationRule original = ruleOf(owner).name("Owner's").build();
        rules.insert(original);
        AutomationRule impostor = ruleOf(other).id(original.id()).name("Hijacked").build();

        assertThat(rules.update(impostor)).isFalse();
        assertThat(rules.findById(owner, original.id()).orElseThrow().definition().name()).isEqualTo("Owner's");
    }

    @Test
    void delete_removes_the_rule_once_and_only_for_its_tenant() {
        TenantId owner = TenantFixture.stored(tenants);
        TenantId other = TenantFixture.stored(tenants);
        AutomationRule rule = ruleOf(owner).build();
        rules.insert(rule);

        assertThat(rules.delete(other, rule.id())).isFalse();
        assertThat(rules.findById(owner, rule.id())).isPresent();
        assertThat(rules.delete(owner, rule.id())).isTrue();
        assertThat(rules.findById(owner, rule.id())).isEmpty();
        assertThat(rules.delete(owner, rule.id())).isFalse();
    }

    @Test
    void find_by_id_for_update_holds_the_row_until_the_transaction_ends() throws Exception {
        TenantId tenant = TenantFixture.stored(tenants);
        AutomationRule rule = ruleOf(tenant).name("Original").build();
        rules.insert(rule);
        CountDownLatch locked = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);

        Future<?> holder = threads.submit(() -> transactions.run(() -> {
            AutomationRule held = rules.findByIdForUpdate(tenant, rule.id()).orElseThrow();
            locked.countDown();
            awaitLatch(release);
            held.revise(nameOnly("Renamed by the holder"), Clock.fixed(T0.plusSeconds(1), ZoneOffset.UTC));
            rules.update(held);
        }));
        assertThat(locked.await(BOUND.toSeconds(), TimeUnit.SECONDS)).isTrue();

        Future<String> contender = threads.submit(() -> transactions.inTransaction(
                () -> rules.findByIdForUpdate(tenant, rule.id()).orElseThrow().definition().name()));
        try {
            await().atMost(BOUND).until(() -> backendsWaitingForLockOn("FOR UPDATE") == 1);
            assertThat(contender).isNotDone();
            // A plain read is not blocked by the lock, and sees the last committed state.
            assertThat(threads.submit(() -> rules.findById(tenant, rule.id()).orElseThrow().definition().name())
                    .get(BOUND.toSeconds(), TimeUnit.SECONDS)).isEqualTo("Original");
        } finally {
            release.countDown();
        }

        holder.get(BOUND.toSeconds(), TimeUnit.SECONDS);
        assertThat(contender.get(BOUND.toSeconds(), TimeUnit.SECONDS)).isEqualTo("Renamed by the holder");
    }

    private long backendsWaitingForLockOn(String queryFragment) {
        return sql.count("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                + "AND wait_event_type = 'Lock' AND position(? in query) > 0", queryFragment);
    }

    private static void awaitLatch(CountDownLatch latch) {
        try {
            if (!latch.await(BOUND.toSeconds(), TimeUnit.SECONDS)) {
                throw new IllegalStateException("the test never released the lock holder");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void assertSameRule(AutomationRule actual, AutomationRule expected) {
        assertThat(actual.id()).isEqualTo(expected.id());
        assertThat(actual.tenant()).isEqualTo(expected.tenant());
        assertThat(actual.definition()).isEqualTo(expected.definition());
        assertThat(actual.definition().triggerConfig().toMap()).isEqualTo(expected.definition().triggerConfig().toMap());
        assertThat(actual.createdBy()).isEqualTo(expected.createdBy());
        assertThat(actual.createdAt()).isEqualTo(expected.createdAt());
        assertThat(actual.updatedAt()).isEqualTo(expected.updatedAt());
        assertThat(actual.executionCount()).isEqualTo(expected.executionCount());
        assertThat(actual.lastExecuted()).isEqualTo(expected.lastExecuted());
    }

    private static RuleDraft nameOnly(String name) {
        return RuleDraft.empty().overlay(new RuleDraft(Optional.of(name), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty()));
    }

    private static RuleDraft withTrigger(TriggerType type, Map<String, Object> config) {
        return new RuleDraft(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.of(type.wire()), Optional.of(config), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty());
    }

    /** Every field set, with JSON of every shape: nested objects, arrays, strings, integers, longs, decimals, booleans. */
    private static RuleDraft fullDraft() {
        Map<String, Object> trigger = new LinkedHashMap<>();
        trigger.put("event_type", "ticket.created");
        trigger.put("event_source", "psa");
        trigger.put("event_filters", Map.of("board", "Support", "tags", List.of("high", "critical"),
                "client", Map.of("operator", "in", "value", List.of(Map.of("tier", 1, "region", "EU")))));
        trigger.put("debounce_minutes", 0);
        trigger.put("batch_size", 10);
        trigger.put("batch_timeout_minutes", 2);
        List<Object> conditions = List.of(
                Map.of("field", "ticket.priority", "operator", "in", "value", List.of("high", "critical"),
                        "data_type", "array"),
                Map.of("field", "ticket.age_hours", "operator", "greater_than", "value", 2.5, "data_type", "number"),
                Map.of("field", "ticket.assignee", "operator", "not_exists"),
                Map.of("field", "ticket.title", "operator", "regex_match", "value", "^(?i)outage \\d+"));
        List<Object> actions = List.of(
                Map.of("type", "webhook_call", "order", 2, "continue_on_error", true, "timeout_seconds", 30,
                        "retry_attempts", 2, "config", Map.of("url", "https://hooks.example.com/escalate",
                                "method", "PUT", "headers", Map.of("X-Trace", "on"),
                                "body", Map.of("ticket", "{{ticket.id}}", "count", 3, "urgent", true))),
                Map.of("type", "email_notification", "order", 1, "config", Map.of(
                        "to", List.of("ops@example.com"), "cc", List.of("lead@example.com"),
                        "subject", "Outage \"{{ticket.title}}\"", "body", "Ticket {{ticket.id}} — 🚨", "is_html", false)));
        Map<String, Object> metadata = Map.of("owner", "ops", "revision", 3, "big", 10_000_000_000L, "ratio", 0.25,
                "enabled", true, "nested", Map.of("list", List.of(1, "two", Map.of("three", 3.5))));
        Map<String, Object> notifications = Map.of("notify_on_success", true, "notify_on_failure", false,
                "notification_emails", List.of("lead@example.com"),
                "notification_webhooks", List.of("https://hooks.example.com/notify"));
        return new RuleDraft(Optional.of("Escalate \"outages\" — ünïcode"), Optional.of("Line one\nline 'two' \\ back"),
                Optional.of("active"), Optional.of("high"), Optional.of("event_based"), Optional.of(trigger),
                Optional.of(conditions), Optional.of("or"), Optional.of(actions), Optional.of(5L), Optional.of(30L),
                Optional.of(true), Optional.of(true), Optional.of("Incident response"),
                Optional.of(List.of("sla", "outage", "ünïcode")), Optional.of(metadata), Optional.of(notifications));
    }
}
