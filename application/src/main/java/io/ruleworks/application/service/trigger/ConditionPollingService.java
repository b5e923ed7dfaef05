package io.ruleworks.application.service.trigger;

import io.ruleworks.application.port.DependencyUnavailableException;
import io.ruleworks.application.port.in.trigger.PollConditionsUseCase;
import io.ruleworks.application.port.out.action.ActionFailedException;
import io.ruleworks.application.port.out.action.PsaGateway;
import io.ruleworks.application.port.out.action.TargetDatabase;
import io.ruleworks.application.port.out.execution.AutomationExecutionRepository;
import io.ruleworks.application.port.out.queue.ExecutionQueue;
import io.ruleworks.application.port.out.rule.AutomationRuleRepository;
import io.ruleworks.application.port.out.rule.RuleVersion;
import io.ruleworks.application.port.out.transaction.Transactions;
import io.ruleworks.application.port.out.trigger.ConditionPollStore;
import io.ruleworks.application.port.out.trigger.ConditionPollStore.Claim;
import io.ruleworks.domain.execution.AutomationExecution;
import io.ruleworks.domain.execution.ConditionEvaluator;
import io.ruleworks.domain.execution.Trigger;
import io.ruleworks.domain.rule.AutomationRule;
import io.ruleworks.domain.rule.ConditionSource;
import io.ruleworks.domain.rule.ConditionTrigger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Checks condition_based rules. Each tick first brings the polling state up to date with the rules
 * (a state belongs to one version of its rule: an edit, a deactivation or a reactivation takes
 * effect at the next tick and resets the failure count), then takes due checks one at a time:
 *
 * <ol>
 * <li>claim the check with a lease (a short transaction; other instances skip the row),</li>
 * <li>read the rule's source outside any transaction, bounded by {@code fetchTimeout} and
 *     {@code maxItems},</li>
 * <li>in one transaction, holding the claim again: evaluate the trigger's conditions on every
 *     item, create one execution per item that matches now and was not remembered as matching,
 *     remember those, forget the remembered items that no longer match, and schedule the next
 *     check. An instance that outlived its lease writes nothing, so an item fires exactly once per
 *     time it starts matching, however many instances poll.</li>
 * </ol>
 *
 * <p>A failed read counts one attempt; {@code max_check_attempts} failures in a row put the rule
 * in status error with {@code metadata.last_error}, and it is not checked again until a client
 * changes it. A successful check resets the count.
 */
public final class ConditionPollingService implements PollConditionsUseCase {

    public static final int SYNC_BATCH = 100;
    /** Error code when a sql_view source is used but no target database is configured. */
    public static final String TARGET_DATABASE_NOT_CONFIGURED = "TARGET_DATABASE_NOT_CONFIGURED";
    public static final String TARGET_DATABASE_UNAVAILABLE = "TARGET_DATABASE_UNAVAILABLE";
    public static final String SOURCE_FAILED = "CONDITION_SOURCE_FAILED";

    /** How often, how long and how much condition polling reads. */
    public record Settings(Duration minute, Duration fetchTimeout, Duration lease, int maxItems,
                           int maxChecksPerTick) {
        public Settings {
            Objects.requireNonNull(minute, "minute");
            if (minute.isNegative() || minute.isZero()) {
                throw new IllegalArgumentException("the polling minute must be positive");
            }
            if (fetchTimeout.isNegative() || fetchTimeout.isZero()) {
                throw new IllegalArgumentException("the fetch timeout must be positive");
            }
            if (lease.compareTo(fetchTimeout) <= 0) {
                throw new IllegalArgumentException("the lease (" + lease + ") must be longer than the fetch timeout ("
                        + fetchTimeout + ")");
            }
            if (maxItems < 1 || maxChecksPerTick < 1) {
                throw new IllegalArgumentException("max items and checks per tick must be at least 1");
            }
        }
    }

    private final ConditionPollStore store;
    private final AutomationRuleRepository rules;
    private final AutomationExecutionRepository executions;
    private final ExecutionQueue queue;
    private final Transactions transactions;
    private final PsaGateway psa;
    private final Optional<TargetDatabase> targetDatabase;
    private final ConditionEvaluator evaluator;
    private final Settings settings;
    private final Clock clock;

    public ConditionPollingService(ConditionPollStore store, AutomationRuleRepository rules,
                                   AutomationExecutionRepository executions, ExecutionQueue queue,
                                   Transactions transactions, PsaGateway psa, Optional<TargetDatabase> targetDatabase,
                                   ConditionEvaluator evaluator, Settings settings, Clock clock) {
        this.store = store;
        this.rules = rules;
        this.executions = executions;
        this.queue = queue;
        this.transactions = transactions;
        this.psa = psa;
        this.targetDatabase = targetDatabase;
        this.evaluator = evaluator;
        this.settings = settings;
        this.clock = clock;
    }

    @Override
    public int tick() {
        while (transactions.inTransaction(this::syncBatch) == SYNC_BATCH) {
            // more changed rules than one batch: keep going
        }
        int fired = 0;
        for (int i = 0; i < settings.maxChecksPerTick(); i++) {
            Instant now = clock.instant();
            Optional<Claim> claim = transactions.inTransaction(() -> store.claimDue(now, now.plus(settings.lease())));
            if (claim.isEmpty()) {
                break;
            }
            fired += check(claim.get());
        }
        if (fired > 0) {
            queue.announce();
        }
        return fired;
    }

    private int syncBatch() {
        List<RuleVersion> stale = store.stale(SYNC_BATCH);
        for (RuleVersion version : stale) {
            // A current, active rule with a source is checked at once (then every interval); any
            // other version is recorded as not checked, so that it stops being stale.
            Optional<Instant> next = rules.findById(version.tenant(), version.rule())
                    .filter(rule -> rule.updatedAt().equals(version.updatedAt()))
                    .filter(AutomationRule::isActive)
                    .flatMap(ConditionPollingService::trigger)
                    .flatMap(ConditionTrigger::source)
                    .map(source -> clock.instant());
            store.save(version, next);
        }
        return stale.size();
    }

    private int check(Claim claim) {
        Optional<AutomationRule> rule = rules.findById(claim.tenant(), claim.rule())
                .filter(r -> r.updatedAt().equals(claim.ruleUpdatedAt()))
                .filter(AutomationRule::isActive);
        Optional<ConditionTrigger> trigger = rule.flatMap(ConditionPollingService::trigger)
                .filter(t -> t.source().isPresent());
        if (trigger.isEmpty()) {
            transactions.run(() -> {
                if (store.lockClaim(claim)) {
                    store.finish(claim, Optional.empty(), claim.consecutiveFailures(), Optional.empty(), clock.instant());
                }
            });
            return 0;
        }
        ConditionSource source = trigger.get().source().orElseThrow();
        Items items;
        try {
            items = fetch(claim, source);
        } catch (InterruptedException e) {
            // shutting down: the lease runs out and another instance (or this one, later) checks again
            Thread.currentThread().interrupt();
            return 0;
        } catch (RuntimeException e) {
            Map<String, Object> error = failure(e);
            return transactions.inTransaction(() -> failed(claim, trigger.get(), error));
        }
        return transactions.inTransaction(() -> succeeded(claim, rule.get(), trigger.get(), source, items));
    }

    private record Items(List<Map<String, Object>> list, boolean truncated) {
    }

    private Items fetch(Claim claim, ConditionSource source) throws InterruptedException {
        return switch (source) {
            case ConditionSource.PsaTickets tickets -> {
                PsaGateway.PsaList list = psa.listTickets(new PsaGateway.PsaCall(claim.tenant(),
                        "poll-" + claim.token(), settings.fetchTimeout()), tickets.query(), settings.maxItems());
                yield new Items(list.items(), list.truncated());
            }
            case ConditionSource.SqlView view -> {
                TargetDatabase database = targetDatabase.orElseThrow(() -> new ActionFailedException(
                        TARGET_DATABASE_NOT_CONFIGURED, "sql_view sources read the target database, and none is "
                        + "configured (ruleworks.database-update.url)", false));
                TargetDatabase.ViewRows rows = database.readView(view.view(), settings.maxItems(),
                        settings.fetchTimeout());
                yield new Items(rows.rows(), rows.truncated());
            }
        };
    }

    private int succeeded(Claim claim, AutomationRule rule, ConditionTrigger trigger, ConditionSource source,
                          Items items) {
        if (!store.lockClaim(claim)) {
            return 0;
        }
        Instant now = clock.instant();
        Map<String, Map<String, Object>> matching = new LinkedHashMap<>();
        Set<String> seen = new HashSet<>();
        for (Map<String, Object> item : items.list()) {
            Optional<String> key = keyOf(item, source.key());
            if (key.isEmpty() || !seen.add(key.get())) {
                continue;
            }
            if (evaluator.evaluate(trigger.conditions(), trigger.logicOperator(), item).matched()) {
                matching.put(key.get(), item);
            }
        }
        Set<String> remembered = store.matchingKeys(claim.tenant(), claim.rule());
        List<String> newly = new ArrayList<>();
        for (Map.Entry<String, Map<String, Object>> entry : matching.entrySet()) {
            if (!remembered.contains(entry.getKey())) {
                newly.add(entry.getKey());
                createExecution(rule, source, entry.getKey(), entry.getValue(), now);
            }
        }
        // An item the source did not return is forgotten, unless the listing was cut short: then
        // it may simply lie beyond the bound, and forgetting it would fire it again later.
        List<String> stopped = remembered.stream()
                .filter(k -> !matching.containsKey(k))
                .filter(k -> !items.truncated() || seen.contains(k))
                .toList();
        store.remember(claim.tenant(), claim.rule(), newly, now);
        store.forget(claim.tenant(), claim.rule(), stopped);
        store.finish(claim, Optional.of(now.plus(interval(trigger))), 0, Optional.empty(), now);
        return newly.size();
    }

    private int failed(Claim claim, ConditionTrigger trigger, Map<String, Object> error) {
        if (!store.lockClaim(claim)) {
            return 0;
        }
        Instant now = clock.instant();
        int failures = claim.consecutiveFailures() + 1;
        String message = error.get("code") + ": " + error.get("message");
        if (failures < trigger.maxCheckAttempts()) {
            store.finish(claim, Optional.of(now.plus(interval(trigger))), failures, Optional.of(message), now);
            return 0;
        }
        rules.findByIdForUpdate(claim.tenant(), claim.rule())
                .filter(r -> r.updatedAt().equals(claim.ruleUpdatedAt()) && r.definition().status().canFail())
                .ifPresent(rule -> {
                    Map<String, Object> lastError = new LinkedHashMap<>(error);
                    lastError.put("attempts", failures);
                    lastError.put("at", now.toString());
                    rule.markFailing(lastError, clock);
                    rules.update(rule);
                });
        store.finish(claim, Optional.empty(), failures, Optional.of(message), now);
        return 0;
    }

    private static Map<String, Object> failure(RuntimeException e) {
        String code;
        if (e instanceof ActionFailedException failed) {
            code = failed.code();
        } else if (e instanceof TargetDatabase.Refused refused) {
            code = "TARGET_DATABASE_" + refused.reason().name();
        } else if (e instanceof DependencyUnavailableException) {
            code = TARGET_DATABASE_UNAVAILABLE;
        } else {
            code = SOURCE_FAILED;
        }
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("code", code);
        String message = String.valueOf(e.getMessage());
        error.put("message", message.length() > 500 ? message.substring(0, 500) + "…" : message);
        return error;
    }

    private Duration interval(ConditionTrigger trigger) {
        return settings.minute().multipliedBy(trigger.checkIntervalMinutes());
    }

    /** The item's key: a string or number at its key field; items without one are not tracked. */
    private static Optional<String> keyOf(Map<String, Object> item, String field) {
        Object value = item.get(field);
        if (value instanceof String s && !s.isEmpty() && s.length() <= 500) {
            return Optional.of(s);
        }
        if (value instanceof Number n) {
            return Optional.of(new java.math.BigDecimal(n.toString()).stripTrailingZeros().toPlainString());
        }
        return Optional.empty();
    }

    private void createExecution(AutomationRule rule, ConditionSource source, String key, Map<String, Object> item,
                                 Instant now) {
        Map<String, Object> triggerData = new LinkedHashMap<>();
        triggerData.put("item", item);
        triggerData.put("item_key", key);
        triggerData.put("source", source.toMap());
        triggerData.put("checked_at", now.toString());
        Trigger trigger = Trigger.of(rule, rule.definition().triggerType()).data(triggerData)
                .detail("condition", Map.of("item_key", key, "checked_at", now.toString())).build();
        executions.insertUnlessDuplicate(AutomationExecution.triggered(trigger, now), true);
    }

    private static Optional<ConditionTrigger> trigger(AutomationRule rule) {
        return rule.definition().triggerConfig() instanceof ConditionTrigger t ? Optional.of(t) : Optional.empty();
    }
}
