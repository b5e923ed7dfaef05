package io.ruleworks.application.service.trigger;

import io.ruleworks.application.fixtures.DirectTransactions;
import io.ruleworks.application.fixtures.InMemoryAutomationExecutionRepository;
import io.ruleworks.application.fixtures.InMemoryAutomationRuleRepository;
import io.ruleworks.application.fixtures.InMemoryConditionPollStore;
import io.ruleworks.application.fixtures.RecordingExecutionQueue;
import io.ruleworks.application.fixtures.ScriptedPsaGateway;
import io.ruleworks.application.port.out.action.PsaFailureException;
import io.ruleworks.application.port.out.action.TargetDatabase;
import io.ruleworks.domain.execution.ConditionEvaluator;
import io.ruleworks.domain.execution.ExecutionState;
import io.ruleworks.domain.fixtures.AutomationRules;
import io.ruleworks.domain.fixtures.Json;
import io.ruleworks.domain.fixtures.MutableClock;
import io.ruleworks.domain.fixtures.RuleDrafts;
import io.ruleworks.domain.fixtures.TenantIds;
import io.ruleworks.domain.rule.AutomationRule;
import io.ruleworks.domain.rule.RuleStatus;
import io.ruleworks.domain.shared.TenantId;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

import static io.ruleworks.domain.fixtures.RuleDrafts.aRule;
import static io.ruleworks.domain.fixtures.RuleDrafts.condition;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoMoreInteractions;
import static org.mockito.Mockito.when;

class ConditionPollingServiceTest {

    private static final Instant START = Instant.parse("2026-06-01T10:00:00Z");
    private static final Duration FIVE_MINUTES = Duration.ofMinutes(5);

    private final MutableClock clock = MutableClock.at(START);
    private final InMemoryAutomationRuleRepository rules = new InMemoryAutomationRuleRepository();
    private final InMemoryAutomationExecutionRepository executions = new InMemoryAutomationExecutionRepository();
    private final InMemoryConditionPollStore store = new InMemoryConditionPollStore(rules);
    private final RecordingExecutionQueue queue = new RecordingExecutionQueue();
    private final ScriptedPsaGateway psa = new ScriptedPsaGateway();
    private final ConditionPollingService service = new ConditionPollingService(store, rules, executions, queue,
            new DirectTransactions(), psa, Optional.empty(), new ConditionEvaluator(),
            new ConditionPollingService.Settings(Duration.ofMinutes(1), Duration.ofSeconds(30), Duration.ofMinutes(2),
                    1000, 50), clock);
    private final TenantId tenant = TenantIds.random();

    /** An active rule checking open tickets of priority high every 5 minutes, giving up after 3 failures. */
    private AutomationRule highPriorityWatch(Object... extra) {
        Map<String, Object> config = Json.object("check_interval_minutes", 5,
                "conditions", Json.array(condition("priority", "equals", "high")),
                "source", Json.object("type", "psa_tickets", "query", Json.object("is_open", true)));
        for (int i = 0; i < extra.length; i += 2) {
            config = Json.with(config, (String) extra[i], extra[i + 1]);
        }
        AutomationRule rule = AutomationRules.aStoredRule().forTenant(tenant).updatedAt(clock.instant())
                .from(aRule().withStatus("active").withTrigger("condition_based", config)
                        .withActions(RuleDrafts.action("webhook_call", Json.object("url", RuleDrafts.WEBHOOK_URL), 1)))
                .build();
        rules.containing(rule);
        return rule;
    }

    private static Map<String, Object> ticket(String id, String priority) {
        return Json.object("ticket_id", id, "priority", priority, "title", "Ticket " + id);
    }

    private List<String> firedKeys() {
        return executions.all().stream().map(e -> (String) e.triggerData().get("item_key")).toList();
    }

    private int checkAfter(Duration wait) {
        clock.advance(wait);
        return service.tick();
    }

    @Test
    void an_item_that_starts_matching_fires_once_with_the_item_and_source_in_the_trigger_data() {
        AutomationRule rule = highPriorityWatch();
        psa.thenTickets(ticket("t1", "high"), ticket("t2", "low"));

        int fired = service.tick();

        assertThat(fired).isEqualTo(1);
        ExecutionState execution = executions.all().getFirst();
        assertThat(execution.ruleId()).isEqualTo(rule.id());
        assertThat(execution.triggerData()).containsEntry("item", ticket("t1", "high"))
                .containsEntry("item_key", "t1")
                .containsEntry("source", Json.object("type", "psa_tickets", "query", Json.object("is_open", true),
                        "key", "ticket_id"))
                .containsEntry("checked_at", START.toString());
        assertThat(psa.calls()).containsExactly(Json.object("is_open", true));
        assertThat(queue.announcements()).isEqualTo(1);
    }

    @Test
    void an_item_that_still_matches_does_not_fire_again() {
        highPriorityWatch();
        psa.thenTickets(ticket("t1", "high"));
        service.tick();

        int fired = checkAfter(FIVE_MINUTES);

        assertThat(fired).isZero();
        assertThat(firedKeys()).containsExactly("t1");
        assertThat(psa.calls()).hasSize(2);
    }

    @Test
    void an_item_that_stops_matching_is_forgotten_and_fires_again_when_it_matches_again() {
        highPriorityWatch();
        psa.thenTickets(ticket("t1", "high")).thenTickets(ticket("t1", "low")).thenTickets(ticket("t1", "high"));
        service.tick();

        checkAfter(FIVE_MINUTES);
        int fired = checkAfter(FIVE_MINUTES);

        assertThat(fired).isEqualTo(1);
        assertThat(firedKeys()).containsExactly("t1", "t1");
    }

    @Test
    void an_item_that_disappears_from_the_source_is_forgotten_too() {
        highPriorityWatch();
        psa.thenTickets(ticket("t1", "high")).thenTickets().thenTickets(ticket("t1", "high"));
        service.tick();

        checkAfter(FIVE_MINUTES);
        checkAfter(FIVE_MINUTES);

        assertThat(firedKeys()).containsExactly("t1", "t1");
    }

    @Test
    void nothing_is_checked_before_the_interval_has_passed() {
        highPriorityWatch();
        psa.thenTickets(ticket("t1", "high")).thenTickets(ticket("t2", "high"));
        service.tick();

        int fired = checkAfter(Duration.ofMinutes(4));

        assertThat(fired).isZero();
        assertThat(psa.calls()).hasSize(1);
        assertThat(checkAfter(Duration.ofMinutes(1))).isEqualTo(1);
    }

    @Test
    void several_items_starting_to_match_fire_one_execution_each_and_items_without_a_key_are_skipped() {
        highPriorityWatch();
        psa.thenTickets(ticket("t1", "high"), ticket("t2", "high"), Json.object("priority", "high"),
                ticket("t1", "high"));

        service.tick();

        assertThat(firedKeys()).containsExactly("t1", "t2");
    }

    @Test
    void a_failed_check_counts_an_attempt_and_a_successful_one_resets_the_count() {
        AutomationRule rule = highPriorityWatch();
        psa.thenFailing(PsaFailureException.answered(503, "maintenance")).thenTickets(ticket("t1", "high"));

        service.tick();
        assertThat(store.row(rule.id()).orElseThrow().consecutiveFailures()).isEqualTo(1);
        assertThat(store.row(rule.id()).orElseThrow().lastError()).contains("PSA_SERVER_ERROR: PSA answered HTTP 503: maintenance");
        assertThat(store.row(rule.id()).orElseThrow().nextCheckAt()).contains(START.plus(FIVE_MINUTES));

        checkAfter(FIVE_MINUTES);

        assertThat(store.row(rule.id()).orElseThrow().consecutiveFailures()).isZero();
        assertThat(store.row(rule.id()).orElseThrow().lastError()).isEmpty();
        assertThat(firedKeys()).containsExactly("t1");
    }

    @Test
    @SuppressWarnings("unchecked")
    void max_check_attempts_failures_in_a_row_put_the_rule_in_error_with_the_reason_and_stop_checking() {
        AutomationRule rule = highPriorityWatch("max_check_attempts", 2);
        psa.thenFailing(new PsaFailureException(PsaFailureException.UNREACHABLE, "connection refused", true,
                OptionalInt.empty(), null));

        service.tick();
        assertThat(rules.stored(tenant, rule.id()).orElseThrow().definition().status()).isEqualTo(RuleStatus.ACTIVE);
        checkAfter(FIVE_MINUTES);

        AutomationRule failed = rules.stored(tenant, rule.id()).orElseThrow();
        assertThat(failed.definition().status()).isEqualTo(RuleStatus.ERROR);
        Map<String, Object> lastError = (Map<String, Object>) failed.definition().metadata().get("last_error");
        assertThat(lastError).containsEntry("code", "PSA_UNREACHABLE").containsEntry("message", "connection refused")
                .containsEntry("attempts", 2).containsEntry("at", START.plus(FIVE_MINUTES).toString());
        checkAfter(FIVE_MINUTES);
        checkAfter(Duration.ofHours(1));
        assertThat(psa.calls()).hasSize(2);
        assertThat(store.row(rule.id()).orElseThrow().nextCheckAt()).isEmpty();
    }

    @Test
    void a_reactivated_rule_is_checked_again_with_a_fresh_count() {
        AutomationRule rule = highPriorityWatch("max_check_attempts", 1);
        psa.thenFailing(PsaFailureException.answered(500, "boom")).thenTickets(ticket("t1", "high"));
        service.tick();
        AutomationRule failed = rules.stored(tenant, rule.id()).orElseThrow();
        assertThat(failed.definition().status()).isEqualTo(RuleStatus.ERROR);

        clock.advance(Duration.ofMinutes(1));
        failed.changeStatus(RuleStatus.ACTIVE, clock);
        rules.update(failed);
        int fired = service.tick();

        assertThat(fired).isEqualTo(1);
        assertThat(store.row(rule.id()).orElseThrow().consecutiveFailures()).isZero();
    }

    @Test
    void an_inactive_rule_or_one_without_a_source_is_not_checked() {
        AutomationRule rule = AutomationRules.aStoredRule().forTenant(tenant).updatedAt(clock.instant())
                .from(aRule().withStatus("active").withTrigger("condition_based", RuleDrafts.conditionCheck())
                        .withActions(RuleDrafts.action("webhook_call", Json.object("url", RuleDrafts.WEBHOOK_URL), 1)))
                .build();
        rules.containing(rule);
        AutomationRule inactive = highPriorityWatch();
        clock.advance(Duration.ofSeconds(1));
        inactive.changeStatus(RuleStatus.INACTIVE, clock);
        rules.update(inactive);
        psa.thenTickets(ticket("t1", "high"));

        service.tick();

        assertThat(psa.calls()).isEmpty();
        assertThat(store.row(rule.id()).orElseThrow().nextCheckAt()).isEmpty();
        assertThat(store.row(inactive.id()).orElseThrow().nextCheckAt()).isEmpty();
    }

    @Test
    void a_sql_view_source_without_a_target_database_fails_and_says_so() {
        Map<String, Object> config = Json.object("check_interval_minutes", 5, "max_check_attempts", 1,
                "conditions", Json.array(condition("overdue", "equals", true)),
                "source", Json.object("type", "sql_view", "view", "overdue_tickets"));
        AutomationRule rule = AutomationRules.aStoredRule().forTenant(tenant).updatedAt(clock.instant())
                .from(aRule().withStatus("active").withTrigger("condition_based", config)
                        .withActions(RuleDrafts.action("webhook_call", Json.object("url", RuleDrafts.WEBHOOK_URL), 1)))
                .build();
        rules.containing(rule);

        service.tick();

        assertThat(rules.stored(tenant, rule.id()).orElseThrow().definition().metadata().get("last_error"))
                .asString().contains(ConditionPollingService.TARGET_DATABASE_NOT_CONFIGURED);
    }

    @Test
    void a_sql_view_source_reads_the_view_and_keys_rows_by_their_key_column() {
        TargetDatabase views = mock(TargetDatabase.class);
        when(views.readView(eq("overdue_tickets"), anyInt(), any())).thenReturn(new TargetDatabase.ViewRows(
                List.of(Json.object("id", 7, "overdue", true), Json.object("id", 8, "overdue", false)), false));
        ConditionPollingService withViews = new ConditionPollingService(store, rules, executions, queue,
                new DirectTransactions(), psa, Optional.of(views), new ConditionEvaluator(),
                new ConditionPollingService.Settings(Duration.ofMinutes(1), Duration.ofSeconds(30),
                        Duration.ofMinutes(2), 1000, 50), clock);
        Map<String, Object> config = Json.object("check_interval_minutes", 5,
                "conditions", Json.array(condition("overdue", "equals", true)),
                "source", Json.object("type", "sql_view", "view", "overdue_tickets"));
        rules.containing(AutomationRules.aStoredRule().forTenant(tenant).updatedAt(clock.instant())
                .from(aRule().withStatus("active").withTrigger("condition_based", config)
                        .withActions(RuleDrafts.action("webhook_call", Json.object("url", RuleDrafts.WEBHOOK_URL), 1)))
                .build());

        withViews.tick();

        assertThat(firedKeys()).containsExactly("7");
        verify(views).readView(eq("overdue_tickets"), anyInt(), any());
        verifyNoMoreInteractions(views);
    }

    @Test
    void when_the_listing_was_cut_short_unseen_items_are_not_forgotten() {
        highPriorityWatch();
        psa.thenTickets(ticket("t1", "high"), ticket("t2", "high"));
        service.tick();
        ScriptedPsaGateway truncated = psa;
        truncated.thenTickets(ticket("t2", "high"));
        // the same, but the PSA said there were more: t1 may lie beyond the bound
        ConditionPollingService bounded = new ConditionPollingService(store, rules, executions, queue,
                new DirectTransactions(), new TruncatingPsa(truncated), Optional.empty(), new ConditionEvaluator(),
                new ConditionPollingService.Settings(Duration.ofMinutes(1), Duration.ofSeconds(30),
                        Duration.ofMinutes(2), 1, 50), clock);
        clock.advance(FIVE_MINUTES);
        bounded.tick();
        truncated.thenTickets(ticket("t1", "high"), ticket("t2", "high"));

        checkAfter(FIVE_MINUTES);

        assertThat(firedKeys()).containsExactly("t1", "t2");
    }

    /** Answers as the wrapped PSA, but says the list was cut short. */
    private record TruncatingPsa(ScriptedPsaGateway inner) implements io.ruleworks.application.port.out.action.PsaGateway {
        @Override
        public PsaList listTickets(PsaCall call, Map<String, Object> filters, int maxItems) {
            return new PsaList(inner.listTickets(call, filters, maxItems).items(), true);
        }

        @Override
        public PsaRecord createTicket(PsaCall call, NewTicket ticket) {
            throw new UnsupportedOperationException();
        }

        @Override
        public PsaRecord updateTicket(PsaCall call, java.util.UUID id, TicketChanges changes) {
            throw new UnsupportedOperationException();
        }

        @Override
        public PsaRecord closeTicket(PsaCall call, java.util.UUID id, java.util.UUID status, TicketChanges changes) {
            throw new UnsupportedOperationException();
        }

        @Override
        public PsaRecord assignTicket(PsaCall call, java.util.UUID id, java.util.UUID assignee, TicketChanges changes) {
            throw new UnsupportedOperationException();
        }

        @Override
        public PsaRecord updateProject(PsaCall call, java.util.UUID id, ProjectChanges changes) {
            throw new UnsupportedOperationException();
        }

        @Override
        public PsaRecord createTimeEntry(PsaCall call, NewTimeEntry entry) {
            throw new UnsupportedOperationException();
        }

        @Override
        public PsaRecord generateInvoice(PsaCall call, InvoiceSelector selector) {
            throw new UnsupportedOperationException();
        }
    }
}
