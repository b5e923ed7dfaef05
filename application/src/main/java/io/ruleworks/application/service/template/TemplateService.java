package io.ruleworks.application.service.template;

import io.ruleworks.application.port.in.rule.CreateRuleUseCase;
import io.ruleworks.application.port.in.rule.CreateRuleUseCase.CreateRuleCommand;
import io.ruleworks.application.port.in.rule.RuleDetails;
import io.ruleworks.application.port.in.template.CreateTemplateUseCase;
import io.ruleworks.application.port.in.template.GetTemplateUseCase;
import io.ruleworks.application.port.in.template.ListTemplatesUseCase;
import io.ruleworks.application.port.in.template.UseTemplateUseCase;
import io.ruleworks.application.port.out.rule.AutomationRuleRepository;
import io.ruleworks.application.port.out.template.AutomationTemplateRepository;
import io.ruleworks.application.port.out.transaction.Transactions;
import io.ruleworks.domain.access.Caller;
import io.ruleworks.domain.access.Permission;
import io.ruleworks.domain.rule.AutomationRule;
import io.ruleworks.domain.rule.RuleDraft;
import io.ruleworks.domain.shared.DomainException;
import io.ruleworks.domain.shared.NotFoundException;
import io.ruleworks.domain.shared.Page;
import io.ruleworks.domain.shared.PageRequest;
import io.ruleworks.domain.template.AutomationTemplate;
import io.ruleworks.domain.template.TemplateFilter;
import io.ruleworks.domain.template.TemplateId;

import java.time.Clock;
import java.util.Map;

/**
 * The template use cases. A rule made from a template is created through {@link CreateRuleUseCase},
 * so it passes exactly the checks of a rule created directly.
 */
public final class TemplateService implements CreateTemplateUseCase, GetTemplateUseCase, ListTemplatesUseCase,
        UseTemplateUseCase {

    static final String TEMPLATE = "automation_template";
    public static final String TEMPLATE_NOT_ACTIVE = "TEMPLATE_NOT_ACTIVE";

    private final AutomationTemplateRepository templates;
    private final AutomationRuleRepository rules;
    private final CreateRuleUseCase createRule;
    private final Transactions transactions;
    private final Clock clock;

    public TemplateService(AutomationTemplateRepository templates, AutomationRuleRepository rules,
                           CreateRuleUseCase createRule, Transactions transactions, Clock clock) {
        this.templates = templates;
        this.rules = rules;
        this.createRule = createRule;
        this.transactions = transactions;
        this.clock = clock;
    }

    @Override
    public AutomationTemplate create(CreateTemplateCommand command) {
        Caller caller = command.caller();
        caller.require(Permission.CREATE);
        caller.require(Permission.READ); // the template copies the rule's whole definition
        AutomationRule source = rules.findById(caller.tenant(), command.sourceRule())
                .orElseThrow(() -> new NotFoundException(AutomationRule.RESOURCE, command.sourceRule()));
        AutomationTemplate template = AutomationTemplate.fromRule(TemplateId.newId(), caller.tenant(),
                command.draft(), source.definition(), caller.userId().map(Object::toString), clock);
        templates.insert(template);
        return template;
    }

    @Override
    public AutomationTemplate get(Caller caller, TemplateId id) {
        caller.require(Permission.READ);
        return find(caller, id);
    }

    @Override
    public Page<AutomationTemplate> list(Caller caller, TemplateFilter filter, PageRequest page) {
        caller.require(Permission.READ);
        return templates.list(caller.tenant(), filter, page);
    }

    @Override
    public RuleDetails use(UseTemplateCommand command) {
        Caller caller = command.caller();
        caller.require(Permission.CREATE);
        AutomationTemplate template = find(caller, command.template());
        for (String required : template.requiredPermissions()) {
            Permission.parse(required).ifPresent(caller::require);
        }
        if (!template.isActive()) {
            throw new DomainException(TEMPLATE_NOT_ACTIVE, "Template is not active",
                    Map.of("template_id", template.id().toString()));
        }
        RuleDraft draft = template.instantiate(command.variables(), command.unknownVariables());
        return transactions.inTransaction(() -> {
            RuleDetails created = createRule.create(new CreateRuleCommand(caller, draft));
            if (!templates.recordUse(caller.tenant(), template.id(), clock.instant())) {
                throw new NotFoundException(TEMPLATE, template.id());
            }
            return created;
        });
    }

    private AutomationTemplate find(Caller caller, TemplateId id) {
        return templates.findById(caller.tenant(), id).orElseThrow(() -> new NotFoundException(TEMPLATE, id));
    }
}
