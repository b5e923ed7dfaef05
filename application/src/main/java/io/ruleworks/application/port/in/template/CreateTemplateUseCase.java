package io.ruleworks.application.port.in.template;

import io.ruleworks.domain.access.Caller;
import io.ruleworks.domain.rule.RuleId;
import io.ruleworks.domain.template.AutomationTemplate;
import io.ruleworks.domain.template.TemplateDraft;

public interface CreateTemplateUseCase {

    /** A template of one of the caller's rules; its variables must point at fields of that rule. */
    AutomationTemplate create(CreateTemplateCommand command);

    record CreateTemplateCommand(Caller caller, RuleId sourceRule, TemplateDraft draft) {
    }
}
