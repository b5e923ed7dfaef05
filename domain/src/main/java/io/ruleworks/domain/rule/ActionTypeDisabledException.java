package io.ruleworks.domain.rule;

import io.ruleworks.domain.shared.DomainException;

import java.util.Map;

/**
 * A rule names an action type that this server does not offer (disabled by configuration, such as
 * system_command, or not configured, such as database_update without a target database). A 400 in
 * the envelope with its own code, so a client can tell "you wrote it wrong" from "not here".
 */
public final class ActionTypeDisabledException extends DomainException {

    public static final String CODE = "ACTION_TYPE_DISABLED";

    public ActionTypeDisabledException(ActionType type, String field) {
        super(CODE, "Action type " + type.wire() + " is disabled on this server",
                Map.of("field", field, "action_type", type.wire()));
    }
}
