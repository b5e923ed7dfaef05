package io.ruleworks.application.service.trigger;

import io.ruleworks.application.fixtures.DirectTransactions;
import io.ruleworks.application.fixtures.InMemoryAutomationExecutionRepository;
import io.ruleworks.application.fixtures.InMemoryAutomationRuleRepository;
import io.ruleworks.application.fixtures.InMemoryEventStore;
import io.ruleworks.application.fixtures.RecordingEventPublisher;
import io.ruleworks.application.fixtures.RecordingExecutionQueue;
import io.ruleworks.application.port.in.event.IngestEventUseCase.IngestEventCommand;
import io.ruleworks.application.port.in.event.IngestEventUseCase.IngestResult;
import io.ruleworks.application.port.out.event.Outbox;
import io.ruleworks.application.service.execution.EngineSettings;
import io.ruleworks.application.service.execution.ExecutionService;
import io.ruleworks.domain.access.Permission;
import io.ruleworks.domain.access.PermissionDeniedException;
import io.ruleworks.domain.execution.AutomationExecution;
import io.ruleworks.domain.execution.ExecutionId;
import io.ruleworks.domain.execution.ExecutionState;
import io.ruleworks.domain.execution.Trigger;
import io.ruleworks.domain.fixtures.AutomationRules;
import io.ruleworks.domain.fixtures.Callers;
import io.ruleworks.domain.fixtures.Json;
import io.ruleworks.domain.fixtures.MutableClock;
import io.ruleworks.domain.fixtures.RuleDrafts;
import io.ruleworks.domain.fixtures.TenantIds;
import io.ruleworks.domain.rule.AutomationRule;
import io.ruleworks.domain.rule.Priority;
import io.ruleworks.domain.rule.TriggerType;
import io.ruleworks.domain.shared.DomainException;
import io.ruleworks.domain.shared.TenantId;
import io.ruleworks.domain.shared.ValidationException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.ruleworks.domain.fixtures.RuleDrafts.aRule;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EventServiceTest {

    private static final Instant START = Instant.parse("2026-06-01T10:00:00Z");

    private final MutableClock clock = MutableClock.at(START);
    private final InMemoryAutomationRuleRepository rules = new InMemoryAutomationRuleRepository();
    private final InMemoryAutomationExecutionRepository executions = new InMemoryAutomationExecutionRepository();
    private final InMemoryEventStore store = new InMemoryEventStore(rules);
    private final RecordingExecutionQueue queue = new RecordingExecutionQueue();
    private final EventService service = new EventService(store, rules, executions, queue, new DirectTransactions(),
            new io.ruleworks.domain.execution.ConditionEvaluator(), new EngineSettings(2, 3, Duration.ofSeconds(30)),
            clock);
    private final TenantId tenant = TenantIds.random();

    private AutomationRule eventRule(String status, Object... config) {
        AutomationRule rule = AutomationRules.aStoredRule().forTenant(tenant).updatedAt(clock.instant())
                .from(aRule().withStatus(status).withTrigger("event_based", Json.object(config))
                        .withActions(RuleDrafts.action("webhook_call", Json.object("url", RuleDrafts.WEBHOOK_URL), 1)))
                .build();
        rules.containing(rule);
        return rule;
    }

    private IngestResult post(String type, Map<String, Object> payload) {
        return post(type, payload, Optional.empty(), "fp");
    }

    private IngestResult post(String type, Map<String, Object> payload, Optional<String> key, String fingerprint) {
        return service.ingest(new IngestEventCommand(Callers.withAll(tenant), type, Optional.of("psa"), payload,
                Optional.empty(), key, fingerprint));
    }

    private List<ExecutionState> executionsOf(AutomationRule rule) {
        return executions.all().stream().filter(e -> e.ruleId().equals(rule.id())).toList();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> eventOf(ExecutionState execution) {
        return (Map<String, Object>) execution.triggerData().get("event");
    }

    @Test
    void a_matching_event_creates_an_event_based_execution_carrying_the_event() {
        AutomationRule rule = eventRule("active", "event_type", "ticket.created", "event_filters",
                Json.object("priority", "P1"));
        AutomationRule inactive = eventRule("inactive", "event_type", "ticket.created");

        IngestResult low = post("ticket.created", Json.object("priority", "P3"));
        IngestResult high = post("ticket.created", Json.object("priority", "P1", "title", "Mail down"));

        assertThat(low.matchedRules()).isEmpty();
        assertThat(high.matchedRules()).containsExactly(rule.id());
        assertThat(executionsOf(inactive)).isEmpty();
        ExecutionState execution = executionsOf(rule).getFirst();
        assertThat(high.executions()).containsExactly(execution.id());
        assertThat(execution.triggerType()).isEqualTo(TriggerType.EVENT_BASED);
        assertThat(eventOf(execution)).containsEntry("id", high.eventId()).containsEntry("type", "ticket.created")
                .containsEntry("source", "psa").containsEntry("occurred_at", START.toString())
                .containsEntry("payload", Json.object("priority", "P1", "title", "Mail down"));
        assertThat(execution.chainDepth()).isZero();
        assertThat(execution.executionContext().toJson().get("lineage")).isEqualTo(Map.of("chain", List.of(rule.id().toString())));
        assertThat(queue.announcements()).isEqualTo(1);
    }

    @Test
    void another_tenants_event_never_reaches_a_rule() {
        AutomationRule rule = eventRule("active", "event_type", "ticket.created");

        IngestResult result = service.ingest(new IngestEventCommand(Callers.withAll(TenantIds.random()),
                "ticket.created", Optional.empty(), Map.of(), Optional.empty(), Optional.empty(), "fp"));

        assertThat(result.matchedRules()).isEmpty();
        assertThat(executionsOf(rule)).isEmpty();
    }

    @Test
    void ingestion_needs_the_execute_permission_and_refuses_our_own_event_types() {
        assertThatThrownBy(() -> service.ingest(new IngestEventCommand(Callers.with(tenant, Permission.READ), "x",
                Optional.empty(), Map.of(), Optional.empty(), Optional.empty(), "fp")))
                .isInstanceOf(PermissionDeniedException.class);
        assertThatThrownBy(() -> post("automation.execution.failed", Map.of()))
                .isInstanceOf(ValidationException.class);
    }

    @Test
    void a_client_key_in_the_namespace_of_relayed_execution_events_is_refused() {
        eventRule("active", "event_type", "ticket.created");

        assertThatThrownBy(() -> post("ticket.created", Map.of(), Optional.of("outbox:42"), "fp"))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.violations())
                        .extracting(v -> v.field()).containsExactly("Idempotency-Key"));
    }

    @Test
    void a_duplicate_delivery_answers_the_first_result_and_a_reused_key_is_refused() {
        AutomationRule rule = eventRule("active", "event_type", "ticket.created");

        IngestResult first = post("ticket.created", Map.of(), Optional.of("k1"), "fp-a");
        IngestResult again = post("ticket.created", Map.of(), Optional.of("k1"), "fp-a");

        assertThat(again).isEqualTo(first);
        assertThat(executionsOf(rule)).hasSize(1);
        assertThatThrownBy(() -> post("ticket.created", Map.of(), Optional.of("k1"), "fp-b"))
                .isInstanceOfSatisfying(DomainException.class,
                        e -> assertThat(e.code()).isEqualTo(ExecutionService.IDEMPOTENCY_KEY_REUSED));
    }

    @Test
    void debounced_events_fire_once_when_quiet_with_the_last_event_and_the_count() {
        AutomationRule rule = eventRule("active", "event_type", "build.*", "debounce_minutes", 10);

        IngestResult first = post("build.finished", Json.object("n", 1));
        clock.advance(Duration.ofMinutes(9));
        post("build.finished", Json.object("n", 2));
        clock.advance(Duration.ofMinutes(9));
        int early = service.tick();
        clock.advance(Duration.ofMinutes(1));
        int fired = service.tick();

        assertThat(first.executions()).isEmpty();
        assertThat(first.deferred()).singleElement().satisfies(d -> {
            assertThat(d.reason()).isEqualTo("debounced");
            assertThat(d.firesAt()).contains(START.plus(Duration.ofMinutes(10)));
        });
        assertThat(early).isZero();
        assertThat(fired).isEqualTo(1);
        ExecutionState execution = executionsOf(rule).getFirst();
        assertThat(execution.triggerData()).containsEntry("event_count", 2);
        assertThat(eventOf(execution)).containsEntry("payload", Json.object("n", 2));
        assertThat(store.window(tenant, rule.id())).isEmpty();
        assertThat(service.tick()).isZero();
    }

    @Test
    void a_batch_fires_when_full_and_its_remainder_at_the_timeout() {
        AutomationRule rule = eventRule("active", "event_type", "alert", "batch_size", 2, "batch_timeout_minutes", 5);

        post("alert", Json.object("n", 1));
        IngestResult second = post("alert", Json.object("n", 2));
        clock.advance(Duration.ofMinutes(1));
        post("alert", Json.object("n", 3));
        clock.advance(Duration.ofMinutes(5));
        int fired = service.tick();

        assertThat(second.executions()).hasSize(1);
        assertThat(fired).isEqualTo(1);
        List<ExecutionState> runs = executionsOf(rule);
        assertThat(runs).hasSize(2);
        assertThat(runs).extracting(e -> ((List<?>) e.triggerData().get("events")).size()).containsExactly(2, 1);
    }

    @Test
    void a_window_whose_rule_stopped_listening_is_dropped_without_an_execution() {
        AutomationRule rule = eventRule("active", "event_type", "alert", "debounce_minutes", 1);
        post("alert", Map.of());
        rules.containing(AutomationRules.aStoredRule().withId(rule.id()).forTenant(tenant).updatedAt(clock.instant())
                .from(aRule().withStatus("inactive").withTrigger("event_based", Json.object("event_type", "alert",
                        "debounce_minutes", 1)).withActions(RuleDrafts.action("webhook_call",
                        Json.object("url", RuleDrafts.WEBHOOK_URL), 1))).build());
        clock.advance(Duration.ofMinutes(2));

        assertThat(service.tick()).isZero();
        assertThat(executionsOf(rule)).isEmpty();
        assertThat(store.window(tenant, rule.id())).isEmpty();
    }

    private AutomationExecution storedExecution(AutomationRule rule, List<String> chain, int depth) {
        AutomationExecution execution = AutomationExecution.triggered(Trigger.of(tenant, rule.id(), Priority.NORMAL, 1,
                TriggerType.MANUAL).chain(chain).chainDepth(depth).build(), clock.instant());
        executions.insertUnlessDuplicate(execution, false);
        return execution;
    }

    private static Outbox.Entry entry(long id, AutomationExecution execution, String type) {
        return new Outbox.Entry(id, execution.tenant(), type, execution.id(), execution.ruleId(), START);
    }

    @Test
    void a_failed_execution_event_fires_a_watcher_continuing_the_lineage_once_per_outbox_entry() {
        AutomationRule failing = eventRule("active", "event_type", "job.run");
        AutomationRule watcher = eventRule("active", "event_type", "automation.execution.failed",
                "event_filters", Json.object("automation_rule_id", failing.id().toString()));
        AutomationExecution failed = storedExecution(failing, List.of(failing.id().toString()), 0);

        int fired = service.relayed(entry(7, failed, "automation.execution.failed"));
        int again = service.relayed(entry(7, failed, "automation.execution.failed"));

        assertThat(fired).isEqualTo(1);
        assertThat(again).isZero();
        ExecutionState run = executionsOf(watcher).getFirst();
        assertThat(run.chainDepth()).isEqualTo(1);
        assertThat(run.executionContext().toJson()).containsEntry("source_execution_id", failed.id().toString())
                .containsEntry("lineage", Map.of("chain", List.of(failing.id().toString(), watcher.id().toString())));
        assertThat(eventOf(run)).containsEntry("source", EventService.INTERNAL_SOURCE);
        @SuppressWarnings("unchecked")
        Map<String, Object> payload = (Map<String, Object>) eventOf(run).get("payload");
        assertThat(payload).containsEntry("execution_id", failed.id().toString())
                .containsEntry("automation_rule_id", failing.id().toString());
    }

    @Test
    void a_rule_does_not_fire_from_events_of_its_own_chain_nor_beyond_the_depth_limit() {
        AutomationRule selfWatcher = eventRule("active", "event_type", "automation.execution.*");
        AutomationRule other = eventRule("inactive", "event_type", "x");
        AutomationExecution own = storedExecution(selfWatcher, List.of(selfWatcher.id().toString()), 0);
        AutomationExecution deep = storedExecution(other, List.of(other.id().toString()), 2);
        AutomationExecution shallow = storedExecution(other, List.of(other.id().toString()), 1);

        assertThat(service.relayed(entry(1, own, "automation.execution.completed"))).isZero();
        assertThat(service.relayed(entry(2, deep, "automation.execution.completed"))).isZero();
        assertThat(service.relayed(entry(3, shallow, "automation.execution.completed"))).isEqualTo(1);
        assertThat(executionsOf(selfWatcher)).filteredOn(e -> e.triggerType() == TriggerType.EVENT_BASED).singleElement()
                .satisfies(e -> assertThat(e.chainDepth()).isEqualTo(2));
    }

    @Test
    void the_outbox_relay_feeds_its_entries_to_the_event_rules() {
        AutomationRule failing = eventRule("active", "event_type", "job.run");
        AutomationRule watcher = eventRule("active", "event_type", "automation.execution.failed");
        AutomationExecution failed = storedExecution(failing, List.of(failing.id().toString()), 0);
        Outbox.Entry entry = entry(1, failed, "automation.execution.failed");
        Outbox outbox = mock(Outbox.class);
        when(outbox.lockUnpublished(10)).thenReturn(List.of(entry), List.of());
        OutboxRelay relay = new OutboxRelay(outbox, new RecordingEventPublisher(), Optional.of(service),
                new DirectTransactions());

        assertThat(relay.relay(10)).isEqualTo(1);
        assertThat(relay.relay(10)).isZero();
        assertThat(executionsOf(watcher)).hasSize(1);
        verify(outbox).markPublished(List.of(1L));
    }
}
