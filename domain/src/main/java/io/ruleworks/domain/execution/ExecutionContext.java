package io.ruleworks.domain.execution;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What an execution knows beyond its trigger data, stored as the {@code execution_context} JSON
 * object and shown as such on the wire: how it was triggered ({@link #triggerDetails()}: the
 * trigger's name, its lineage and the trigger's own facts, open JSON written once at creation),
 * then the state the run keeps as types: the results of its actions so far, the summaries of its
 * earlier attempts, where a retry resumes and the Idempotency-Keys of its retries.
 *
 * <p>{@link #toJson()} and {@link #fromJson(Map)} are the one mapping between the two: the
 * persistence adapter stores it, the HTTP and console adapters show it, conditions and templates
 * read it as {@code execution.*}.
 *
 * @param actions empty until the run reaches its actions (or a retry resets them): the JSON then
 *                has no {@code actions} member at all
 */
public record ExecutionContext(Map<String, Object> triggerDetails, Optional<ActionResults> actions,
                               PreviousAttempts previousAttempts, Optional<ResumePoint> resumePoint,
                               RetryKeys retryKeys) {

    static final String TRIGGER = "trigger";
    static final String LINEAGE = "lineage";
    static final String ACTIONS = "actions";
    static final String PREVIOUS_ATTEMPTS = "previous_attempts";
    static final String RESUME_FROM_INDEX = "resume_from_index";
    static final String RETRY_KEYS = "retry_keys";
    /** The members kept as types; a trigger cannot write them as details. */
    static final Set<String> TYPED = Set.of(ACTIONS, PREVIOUS_ATTEMPTS, RESUME_FROM_INDEX, RETRY_KEYS);

    public static final ExecutionContext EMPTY = new ExecutionContext(Map.of(), Optional.empty(),
            PreviousAttempts.NONE, Optional.empty(), RetryKeys.NONE);

    public ExecutionContext {
        triggerDetails = OpenJson.frozen(triggerDetails);
        if (triggerDetails.keySet().stream().anyMatch(TYPED::contains)) {
            throw new IllegalArgumentException("trigger details may not hold " + TYPED);
        }
        Objects.requireNonNull(actions, "actions");
        Objects.requireNonNull(previousAttempts, "previousAttempts");
        Objects.requireNonNull(resumePoint, "resumePoint");
        Objects.requireNonNull(retryKeys, "retryKeys");
    }

    /** A new execution's context: its trigger details, and no run state yet. */
    public static ExecutionContext triggered(Map<String, Object> triggerDetails) {
        return new ExecutionContext(triggerDetails, Optional.empty(), PreviousAttempts.NONE, Optional.empty(),
                RetryKeys.NONE);
    }

    /** The rule ids that led to this execution, its own rule last (trigger detail {@code lineage.chain}). */
    public List<String> chain() {
        List<String> chain = new ArrayList<>();
        if (triggerDetails.get(LINEAGE) instanceof Map<?, ?> lineage && lineage.get("chain") instanceof List<?> l) {
            l.forEach(id -> chain.add(String.valueOf(id)));
        }
        return chain;
    }

    /** A manual run asked to run the actions without evaluating the rule's conditions. */
    public boolean overridesConditions() {
        return Boolean.TRUE.equals(triggerDetails.get("override_conditions"));
    }

    /** The results recorded so far; none before the run reached its actions. */
    public ActionResults actionResults() {
        return actions.orElse(ActionResults.NONE);
    }

    ExecutionContext withActions(ActionResults results) {
        return new ExecutionContext(triggerDetails, Optional.of(results), previousAttempts, resumePoint, retryKeys);
    }

    ExecutionContext retried(Attempt attempt, ActionResults kept, Optional<ResumePoint> resumeAt) {
        return new ExecutionContext(triggerDetails, Optional.of(kept), previousAttempts.then(attempt), resumeAt,
                retryKeys);
    }

    ExecutionContext withRetryKey(String key, RetryFrom from) {
        return new ExecutionContext(triggerDetails, actions, previousAttempts, resumePoint, retryKeys.with(key, from));
    }

    /**
     * The {@code execution_context} JSON object: the trigger details, then {@code actions},
     * {@code previous_attempts}, {@code resume_from_index} and {@code retry_keys} where there are any.
     */
    public Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>(triggerDetails);
        actions.ifPresent(a -> json.put(ACTIONS, a.toJson()));
        if (!previousAttempts.isEmpty()) {
            json.put(PREVIOUS_ATTEMPTS, previousAttempts.toJson());
        }
        resumePoint.ifPresent(r -> json.put(RESUME_FROM_INDEX, r.actionIndex()));
        if (!retryKeys.isEmpty()) {
            json.put(RETRY_KEYS, retryKeys.toJson());
        }
        return json;
    }

    /** Reads what {@link #toJson()} wrote. */
    public static ExecutionContext fromJson(Map<String, Object> json) {
        return new ExecutionContext(OpenJson.frozen(json, TYPED),
                json.get(ACTIONS) instanceof Map<?, ?> a ? Optional.of(ActionResults.fromJson(a)) : Optional.empty(),
                json.get(PREVIOUS_ATTEMPTS) instanceof List<?> p ? PreviousAttempts.fromJson(p) : PreviousAttempts.NONE,
                json.get(RESUME_FROM_INDEX) instanceof Number n && n.intValue() >= 0
                        ? Optional.of(new ResumePoint(n.intValue())) : Optional.empty(),
                json.get(RETRY_KEYS) instanceof Map<?, ?> k ? RetryKeys.fromJson(k) : RetryKeys.NONE);
    }
}
