package io.ruleworks.application.port.in.template;

import io.ruleworks.domain.access.Caller;
import io.ruleworks.domain.shared.Page;
import io.ruleworks.domain.shared.PageRequest;
import io.ruleworks.domain.template.AutomationTemplate;
import io.ruleworks.domain.template.TemplateFilter;

public interface ListTemplatesUseCase {

    Page<AutomationTemplate> list(Caller caller, TemplateFilter filter, PageRequest page);
}
