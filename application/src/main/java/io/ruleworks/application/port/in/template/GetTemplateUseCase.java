package io.ruleworks.application.port.in.template;

import io.ruleworks.domain.access.Caller;
import io.ruleworks.domain.template.AutomationTemplate;
import io.ruleworks.domain.template.TemplateId;

public interface GetTemplateUseCase {

    AutomationTemplate get(Caller caller, TemplateId id);
}
