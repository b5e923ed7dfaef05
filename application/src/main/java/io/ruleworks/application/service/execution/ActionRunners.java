package io.ruleworks.application.service.execution;

import io.ruleworks.application.port.out.action.ActionFailedException;
import io.ruleworks.application.port.out.action.ActionRunner;
import io.ruleworks.domain.rule.ActionType;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The deployment's action runners by type: one registry that the execution loop and the
 * notifications share. A type without a runner here (switched off, or its adapter not built in)
 * fails with {@link #TYPE_UNAVAILABLE}; two runners for one type are a wiring mistake and refused.
 */
public final class ActionRunners {

    /** The failure code of an action whose type has no runner in this deployment. */
    public static final String TYPE_UNAVAILABLE = "ACTION_TYPE_UNAVAILABLE";

    private final Map<ActionType, ActionRunner> byType = new EnumMap<>(ActionType.class);

    public ActionRunners(List<? extends ActionRunner> runners) {
        for (ActionRunner runner : runners) {
            ActionRunner earlier = byType.putIfAbsent(runner.type(), runner);
            if (earlier != null) {
                throw new IllegalArgumentException("two action runners for " + runner.type().wire() + ": "
                        + earlier.getClass().getName() + " and " + runner.getClass().getName());
            }
        }
    }

    public static ActionRunners of(ActionRunner... runners) {
        return new ActionRunners(List.of(runners));
    }

    /** Whether this deployment has a runner for {@code type}. */
    public boolean has(ActionType type) {
        return byType.containsKey(type);
    }

    /** The runner of {@code type}; ask {@link #has} first (a missing one is a {@link #TYPE_UNAVAILABLE} failure). */
    public ActionRunner get(ActionType type) {
        ActionRunner runner = byType.get(type);
        if (runner == null) {
            throw new IllegalArgumentException("no action runner for " + type.wire());
        }
        return runner;
    }

    /** The failure of an action whose type has no runner here, in the caller's words. */
    public static ActionFailedException unavailable(String message) {
        return new ActionFailedException(TYPE_UNAVAILABLE, message, false);
    }
}
