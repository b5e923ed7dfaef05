package io.ruleworks.application.service.trigger;

import io.ruleworks.application.port.in.event.IngestEventUseCase;
import io.ruleworks.application.port.in.trigger.FireEventWindowsUseCase;
import io.ruleworks.application.port.out.event.EventStore;
import io.ruleworks.application.port.out.event.Outbox;
import io.ruleworks.application.port.out.execution.AutomationExecutionRepository;
import io.ruleworks.application.port.out.queue.ExecutionQueue;
import io.ruleworks.application.port.out.rule.AutomationRuleRepository;
import io.ruleworks.application.port.out.transaction.Transactions;
import io.ruleworks.application.service.execution.EngineSettings;
import io.ruleworks.application.service.execution.ExecutionService;
import io.ruleworks.domain.access.Caller;
import io.ruleworks.domain.access.Permission;
import io.ruleworks.domain.event.EventWindow;
import io.ruleworks.domain.event.IngestedEvent;
import io.ruleworks.domain.event.Lineage;
import io.ruleworks.domain.execution.AutomationExecution;
import io.ruleworks.domain.execution.ConditionEvaluator;
import io.ruleworks.domain.execution.ExecutionId;
import io.ruleworks.domain.execution.Trigger;
import io.ruleworks.domain.rule.AutomationRule;
import io.ruleworks.domain.rule.EventTrigger;
import io.ruleworks.domain.rule.RuleId;
import io.ruleworks.domain.rule.TriggerType;
import io.ruleworks.domain.shared.DomainException;
import io.ruleworks.domain.shared.TenantId;
import io.ruleworks.domain.shared.ValidationException;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Fires event_based rules. An event (from a client, or one of our own automation.execution.*
 * events handed over by the outbox relay) is matched against the tenant's active event_based
 * rules (type, source, filters); each matching rule fires at once, or the event joins the rule's
 * debounce window or batch, which fires later from {@link #tick()} (or at once when a batch is
 * full). Everything one event does happens in one transaction with the record of the event, so a
 * duplicate delivery (same idempotency key, or the same outbox entry relayed again) does nothing
 * and answers the first delivery's result.
 *
 * <p>Loop guard: an execution triggered by an automation.execution.* event continues the lineage
 * of the execution the event reports on (its chain of rule ids plus this rule, chain depth plus
 * one). A rule already in that chain, or a depth beyond {@link EngineSettings#maxChainDepth()},
 * does not fire and nothing is created (a skipped execution would itself emit events).
 */
public final class EventService implements IngestEventUseCase, FireEventWindowsUseCase {

    private static final System.Logger LOG = System.getLogger(EventService.class.getName());

    public static final int BATCH = 100;
    /** Our own events: clients may not post types under this prefix. */
    public static final String INTERNAL_PREFIX = "automation.";
    /** The idempotency keys under which relayed outbox entries are recorded; clients may not use them. */
    static final String RELAYED_KEY_PREFIX = "outbox:";
    public static final String INTERNAL_SOURCE = "ruleworks";

    private final EventStore store;
    private final AutomationRuleRepository rules;
    private final AutomationExecutionRepository executions;
    private final ExecutionQueue queue;
    private final Transactions transactions;
    private final ConditionEvaluator evaluator;
    private final EngineSettings settings;
    private final Clock clock;

    public EventService(EventStore store, AutomationRuleRepository rules, AutomationExecutionRepository executions,
                        ExecutionQueue queue, Transactions transactions, ConditionEvaluator evaluator,
                        EngineSettings settings, Clock clock) {
        this.store = store;
        this.rules = rules;
        this.executions = executions;
        this.queue = queue;
        this.transactions = transactions;
        this.evaluator = evaluator;
        this.settings = settings;
        this.clock = clock;
    }

    @Override
    public IngestResult ingest(IngestEventCommand command) {
        Caller caller = command.caller();
        caller.require(Permission.EXECUTE);
        if (command.eventType().startsWith(INTERNAL_PREFIX)) {
            throw ValidationException.of("event_type", "must not start with " + INTERNAL_PREFIX
                    + " (reserved for the service's own execution events)");
        }
        if (command.idempotencyKey().filter(k -> k.startsWith(RELAYED_KEY_PREFIX)).isPresent()) {
            throw ValidationException.of("Idempotency-Key", "must not start with " + RELAYED_KEY_PREFIX
                    + " (reserved for the service's own execution events)");
        }
        Instant now = clock.instant();
        IngestedEvent event = new IngestedEvent(UUID.randomUUID().toString(), command.eventType(),
                command.eventSource(), command.occurredAt().orElse(now), command.payload());
        IngestResult result = transactions.inTransaction(() -> {
            Optional<EventStore.Earlier> earlier = store.recordUnlessDuplicate(caller.tenant(), event,
                    command.idempotencyKey(), command.idempotencyKey().map(k -> command.requestFingerprint()), now);
            if (earlier.isPresent()) {
                return replay(earlier.get(), command);
            }
            IngestResult fresh = dispatch(caller.tenant(), event, Lineage.ROOT, Optional.empty(), now);
            store.saveResult(caller.tenant(), event.id(), toMap(fresh));
            return fresh;
        });
        if (!result.executions().isEmpty()) {
            queue.announce();
        }
        return result;
    }

    /** The tenants among {@code entries} with a rule listening to the service's own execution events. */
    public Set<TenantId> tenantsListening(List<Outbox.Entry> entries) {
        return store.tenantsListening(entries.stream().map(Outbox.Entry::tenant).collect(
                Collectors.toSet()), INTERNAL_PREFIX);
    }

    /**
     * Feeds one relayed outbox entry into the matching, inside the relay's transaction (so it is
     * matched exactly once however often the entry is relayed). Returns how many executions it created.
     */
    public int relayed(Outbox.Entry entry) {
        List<RuleId> listening = store.listeningRules(entry.tenant(), EventTrigger.typePatterns(entry.type()));
        if (listening.isEmpty()) {
            return 0;
        }
        Optional<AutomationExecution> source = executions.findById(entry.tenant(), entry.executionId());
        if (source.isEmpty()) {
            return 0;
        }
        AutomationExecution reported = source.get();
        Instant now = clock.instant();
        String eventId = UUID.nameUUIDFromBytes((RELAYED_KEY_PREFIX + entry.tenant() + ":" + entry.id())
                .getBytes(StandardCharsets.UTF_8)).toString();
        IngestedEvent event = new IngestedEvent(eventId, entry.type(), Optional.of(INTERNAL_SOURCE),
                entry.occurredAt(), executionPayload(entry, reported));
        if (store.recordUnlessDuplicate(entry.tenant(), event, Optional.of(RELAYED_KEY_PREFIX + entry.id()),
                Optional.of("outbox"), now).isPresent()) {
            return 0;
        }
        Lineage lineage = Lineage.ofExecution(reported.context().chain(), reported.chainDepth());
        IngestResult result = dispatch(entry.tenant(), event, lineage, Optional.of(reported.id()), now);
        store.saveResult(entry.tenant(), event.id(), toMap(result));
        if (!result.executions().isEmpty()) {
            queue.announce();
        }
        return result.executions().size();
    }

    private static Map<String, Object> executionPayload(Outbox.Entry entry, AutomationExecution execution) {
        var state = execution.state();
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("execution_id", state.id().toString());
        payload.put("automation_rule_id", state.ruleId().toString());
        payload.put("trigger_type", state.triggerType().wire());
        payload.put("status", state.status().wire());
        payload.put("error_message", state.errorMessage().orElse(null));
        payload.put("failed_action_index", state.failedActionIndex().orElse(null));
        payload.put("chain_depth", state.chainDepth());
        payload.put("outbox_event_id", entry.id());
        return payload;
    }

    private IngestResult dispatch(TenantId tenant, IngestedEvent event, Lineage lineage,
                                  Optional<ExecutionId> sourceExecution, Instant now) {
        List<RuleId> matched = new ArrayList<>();
        List<ExecutionId> created = new ArrayList<>();
        List<Deferred> deferred = new ArrayList<>();
        for (RuleId id : store.listeningRules(tenant, EventTrigger.typePatterns(event.type()))) {
            Optional<AutomationRule> found = rules.findById(tenant, id).filter(AutomationRule::isActive);
            if (found.isEmpty() || !(found.get().definition().triggerConfig() instanceof EventTrigger trigger)
                    || !event.matches(trigger, evaluator)) {
                continue;
            }
            AutomationRule rule = found.get();
            Optional<String> loop = lineage.loopProblem(rule.id(), settings.maxChainDepth());
            if (loop.isPresent()) {
                LOG.log(System.Logger.Level.INFO, () -> "Event " + event.type() + " does not fire rule " + rule.id() + ": loop guard " + loop.get());
                continue;
            }
            matched.add(rule.id());
            switch (trigger.mode()) {
                case IMMEDIATE -> created.add(createExecution(rule, Map.of("event", event.toMap()), List.of(event.id()),
                        lineage, sourceExecution, "event:" + event.id(), now));
                case DEBOUNCE, BATCH -> {
                    EventWindow window = store.lockOrOpenWindow(tenant, rule.id(),
                            EventWindow.open(UUID.randomUUID(), trigger, now)).add(trigger, event, lineage, now);
                    if (window.kind() == EventTrigger.Mode.BATCH) {
                        store.addToBatch(tenant, rule.id(), event);
                    }
                    if (window.isFull(trigger)) {
                        created.add(fire(rule, window, now));
                    } else {
                        store.saveWindow(tenant, rule.id(), window);
                        deferred.add(new Deferred(rule.id(), window.kind() == EventTrigger.Mode.DEBOUNCE
                                ? "debounced" : "batched", window.firesAt()));
                    }
                }
            }
        }
        return new IngestResult(event.id(), matched, created, deferred);
    }

    @Override
    public int tick() {
        int fired = 0;
        int handled;
        do {
            int[] counts = transactions.inTransaction(this::fireDue);
            handled = counts[0];
            fired += counts[1];
        } while (handled == BATCH);
        if (fired > 0) {
            queue.announce();
        }
        return fired;
    }

    /** Returns {handled, fired}. */
    private int[] fireDue() {
        Instant now = clock.instant();
        List<EventStore.DueWindow> due = store.lockDue(now, BATCH);
        int fired = 0;
        for (EventStore.DueWindow d : due) {
            Optional<AutomationRule> rule = rules.findById(d.tenant(), d.rule()).filter(AutomationRule::isActive)
                    .filter(r -> r.definition().triggerConfig() instanceof EventTrigger t && t.mode() == d.window().kind());
            if (rule.isEmpty()) {
                LOG.log(System.Logger.Level.INFO, () -> "Dropping the " + d.window().count() + " event(s) of the window of rule " + d.rule()
                        + ": the rule no longer listens the same way (deleted, inactive or changed mode)");
                store.closeWindow(d.tenant(), d.rule());
                continue;
            }
            fire(rule.get(), d.window(), now);
            fired++;
        }
        return new int[] {due.size(), fired};
    }

    /** Fires a locked window: one execution with its events, and the window is gone. */
    private ExecutionId fire(AutomationRule rule, EventWindow window, Instant now) {
        Map<String, Object> triggerData = new LinkedHashMap<>();
        List<String> eventIds = new ArrayList<>();
        if (window.kind() == EventTrigger.Mode.BATCH) {
            List<Map<String, Object>> events = store.batchEvents(rule.tenant(), rule.id());
            events.forEach(e -> eventIds.add(String.valueOf(e.get("id"))));
            triggerData.put("events", events);
            triggerData.put("event_count", events.size());
            if (!events.isEmpty()) {
                triggerData.put("event", events.getLast());
            }
        } else {
            window.lastEvent().ifPresent(e -> {
                triggerData.put("event", e.toMap());
                eventIds.add(e.id());
            });
            triggerData.put("event_count", window.count());
        }
        triggerData.put("window", Map.of("id", window.id().toString(), "kind",
                window.kind() == EventTrigger.Mode.BATCH ? "batch" : "debounce", "opened_at",
                window.openedAt().toString(), "fired_at", now.toString()));
        ExecutionId id = createExecution(rule, triggerData, eventIds, window.lineage(), Optional.empty(),
                "event-window:" + window.id(), now);
        store.closeWindow(rule.tenant(), rule.id());
        return id;
    }

    private ExecutionId createExecution(AutomationRule rule, Map<String, Object> triggerData, List<String> eventIds,
                                        Lineage lineage, Optional<ExecutionId> sourceExecution, String key,
                                        Instant now) {
        Trigger.Builder trigger = Trigger.of(rule, TriggerType.EVENT_BASED).data(triggerData)
                .detail("event_ids", eventIds);
        sourceExecution.ifPresent(s -> trigger.detail("source_execution_id", s.toString()));
        AutomationExecution execution = AutomationExecution.triggered(trigger.chain(lineage.childChain(rule.id()))
                .chainDepth(Math.max(0, lineage.childDepth())).idempotencyKey(key, "event").build(), now);
        return executions.insertUnlessDuplicate(execution, true).map(s -> s.id()).orElse(execution.id());
    }

    private static IngestResult replay(EventStore.Earlier earlier, IngestEventCommand command) {
        if (!earlier.requestHash().equals(command.requestFingerprint())) {
            throw new DomainException(ExecutionService.IDEMPOTENCY_KEY_REUSED,
                    "This Idempotency-Key was used with a different request",
                    Map.of("header", "Idempotency-Key", "event_id", String.valueOf(earlier.result().get("event_id"))));
        }
        return fromMap(earlier.result());
    }

    static Map<String, Object> toMap(IngestResult result) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("event_id", result.eventId());
        map.put("matched_rules", result.matchedRules().stream().map(RuleId::toString).toList());
        map.put("executions", result.executions().stream().map(ExecutionId::toString).toList());
        map.put("deferred", result.deferred().stream().map(d -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("rule_id", d.ruleId().toString());
            m.put("reason", d.reason());
            m.put("fires_at", d.firesAt().map(Instant::toString).orElse(null));
            return m;
        }).toList());
        return map;
    }

    static IngestResult fromMap(Map<String, Object> map) {
        List<RuleId> matched = ((List<?>) map.get("matched_rules")).stream()
                .map(id -> new RuleId(UUID.fromString(String.valueOf(id)))).toList();
        List<ExecutionId> created = ((List<?>) map.get("executions")).stream()
                .map(id -> new ExecutionId(UUID.fromString(String.valueOf(id)))).toList();
        List<Deferred> deferred = ((List<?>) map.get("deferred")).stream().map(o -> (Map<?, ?>) o)
                .map(d -> new Deferred(new RuleId(UUID.fromString(String.valueOf(d.get("rule_id")))),
                        String.valueOf(d.get("reason")),
                        Optional.ofNullable(d.get("fires_at")).map(t -> Instant.parse(String.valueOf(t)))))
                .toList();
        return new IngestResult(String.valueOf(map.get("event_id")), matched, created, deferred);
    }
}
