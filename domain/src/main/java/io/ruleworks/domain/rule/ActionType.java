package io.ruleworks.domain.rule;

import io.ruleworks.domain.shared.WireEnum;

/** The twelve kinds of action a rule can run. */
public enum ActionType implements WireEnum {
    EMAIL_NOTIFICATION, SMS_NOTIFICATION, WEBHOOK_CALL, DATABASE_UPDATE, TICKET_CREATION, TICKET_UPDATE, PROJECT_UPDATE, TIME_ENTRY_CREATION, INVOICE_GENERATION, CUSTOM_SCRIPT, WORKFLOW_EXECUTION, SYSTEM_COMMAND
}
