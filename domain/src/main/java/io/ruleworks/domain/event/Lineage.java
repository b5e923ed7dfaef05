package io.ruleworks.domain.event;

import io.ruleworks.domain.rule.RuleId;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Where an event came from in terms of rules: for one of our own automation.execution.* events,
 * the chain of rule ids that led to the execution it reports on and that execution's chain depth;
 * for an event from outside, the empty root. The loop guard reads it before a rule fires.
 */
public record Lineage(List<String> chain, int depth) {

    public static final Lineage ROOT = new Lineage(List.of(), -1);

    public Lineage {
        chain = List.copyOf(chain);
    }

    /** The lineage of an execution at {@code depth} whose chain is {@code chain}. */
    public static Lineage ofExecution(List<String> chain, int depth) {
        return new Lineage(chain, depth);
    }

    /** Why {@code rule} must not fire from this event, if it must not: it is already in the chain, or too deep. */
    public Optional<String> loopProblem(RuleId rule, int maxChainDepth) {
        if (chain.contains(rule.toString())) {
            return Optional.of("cycle: rule " + rule + " is already in the chain " + String.join(" -> ", chain));
        }
        if (childDepth() > maxChainDepth) {
            return Optional.of("depth: chain depth " + childDepth() + " exceeds the limit of " + maxChainDepth);
        }
        return Optional.empty();
    }

    /** The chain depth of an execution this event triggers. */
    public int childDepth() {
        return depth + 1;
    }

    /** The chain of an execution of {@code rule} this event triggers. */
    public List<String> childChain(RuleId rule) {
        List<String> next = new ArrayList<>(chain);
        next.add(rule.toString());
        return next;
    }

    /** Of two lineages, the one that leads deeper (a window carries the lineage of its deepest event). */
    public Lineage deeper(Lineage other) {
        return other.depth > depth ? other : this;
    }
}
