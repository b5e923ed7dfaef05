package io.ruleworks.application.port.out.template;

import io.ruleworks.domain.shared.Page;
import io.ruleworks.domain.shared.PageRequest;
import io.ruleworks.domain.shared.TenantId;
import io.ruleworks.domain.template.AutomationTemplate;
import io.ruleworks.domain.template.TemplateFilter;
import io.ruleworks.domain.template.TemplateId;

import java.time.Instant;
import java.util.Optional;

public interface AutomationTemplateRepository {

    void insert(AutomationTemplate template);

    Optional<AutomationTemplate> findById(TenantId tenant, TemplateId id);

    Page<AutomationTemplate> list(TenantId tenant, TemplateFilter filter, PageRequest page);

    /**
     * Counts one use at {@code at}: usage_count + 1 and last_used, in one atomic step, so that
     * concurrent uses are all counted. False when the template no longer exists.
     */
    boolean recordUse(TenantId tenant, TemplateId id, Instant at);
}
