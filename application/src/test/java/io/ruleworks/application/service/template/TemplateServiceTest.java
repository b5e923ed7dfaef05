package io.ruleworks.application.service.template;

import io.ruleworks.application.fixtures.DirectTransactions;
import io.ruleworks.application.fixtures.Hooks;
import io.ruleworks.application.fixtures.InMemoryAutomationExecutionRepository;
import io.ruleworks.application.fixtures.InMemoryAutomationRuleRepository;
import io.ruleworks.application.fixtures.InMemoryAutomationTemplateRepository;
import io.ruleworks.application.port.in.rule.RuleDetails;
import io.ruleworks.application.port.in.template.CreateTemplateUseCase.CreateTemplateCommand;
import io.ruleworks.application.port.in.template.UseTemplateUseCase.UseTemplateCommand;
import io.ruleworks.application.service.rule.RuleService;
import io.ruleworks.domain.access.Caller;
import io.ruleworks.domain.access.Permission;
import io.ruleworks.domain.access.PermissionDeniedException;
import io.ruleworks.domain.fixtures.AutomationRules;
import io.ruleworks.domain.fixtures.Callers;
import io.ruleworks.domain.fixtures.Capabilities;
import io.ruleworks.domain.fixtures.Json;
import io.ruleworks.domain.fixtures.MutableClock;
import io.ruleworks.domain.fixtures.RuleDrafts;
import io.ruleworks.domain.fixtures.TenantIds;
import io.ruleworks.domain.rule.AutomationRule;
import io.ruleworks.domain.rule.RuleId;
import io.ruleworks.domain.shared.DomainException;
import io.ruleworks.domain.shared.FieldViolation;
import io.ruleworks.domain.shared.NotFoundException;
import io.ruleworks.domain.shared.PageRequest;
import io.ruleworks.domain.shared.TenantId;
import io.ruleworks.domain.shared.ValidationException;
import io.ruleworks.domain.template.AutomationTemplate;
import io.ruleworks.domain.template.TemplateFilter;
import io.ruleworks.domain.template.TemplateId;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static io.ruleworks.domain.fixtures.TemplateDrafts.aTemplate;
import static io.ruleworks.domain.fixtures.TemplateDrafts.required;
import static io.ruleworks.domain.fixtures.TemplateDrafts.variable;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

class TemplateServiceTest {

    private final MutableClock clock = MutableClock.standing();
    private final InMemoryAutomationRuleRepository rules = new InMemoryAutomationRuleRepository();
    private final InMemoryAutomationTemplateRepository templates = new InMemoryAutomationTemplateRepository();
    private final DirectTransactions transactions = new DirectTransactions();
    private final RuleService ruleService = new RuleService(rules, new InMemoryAutomationExecutionRepository(),
            transactions, clock, Capabilities.allEnabled(), Hooks.service(rules, clock));
    private final TemplateService service = new TemplateService(templates, rules, ruleService, transactions, clock);

    private final TenantId tenant = TenantIds.random();
    private final UUID user = UUID.randomUUID();
    private final Caller caller = Callers.userWithAll(tenant, user);

    private AutomationRule eventRule(TenantId owner) {
        AutomationRule rule = AutomationRules.aStoredRule().forTenant(owner).from(RuleDrafts.aRule()
                .withName("Escalate").withTrigger("event_based", Json.object("event_type", "ticket.created"))).build();
        rules.containing(rule);
        return rule;
    }

    private AutomationTemplate eventTemplate() {
        return service.create(new CreateTemplateCommand(caller, eventRule(tenant).id(),
                aTemplate(required(variable("event", "trigger_config.event_type", "string")))));
    }

    @Test
    void a_template_is_made_from_a_rule_of_the_caller_and_records_the_author() {
        AutomationTemplate template = eventTemplate();

        assertThat(templates.stored(tenant, template.id())).isPresent();
        assertThat(template.author()).contains(user.toString());
        assertThat(template.category()).isEqualTo("tickets");
    }

    @Test
    void another_tenants_rule_cannot_be_made_into_a_template() {
        AutomationRule foreign = eventRule(TenantIds.random());

        assertThrows(NotFoundException.class, () -> service.create(new CreateTemplateCommand(caller, foreign.id(),
                aTemplate())));
        assertThat(templates.calls()).doesNotContain("insert");
    }

    @Test
    void creating_a_template_needs_the_create_permission_before_anything_is_read() {
        assertThrows(PermissionDeniedException.class, () -> service.create(new CreateTemplateCommand(
                Callers.withAllBut(tenant, Permission.CREATE), RuleId.newId(), aTemplate())));
        assertThat(rules.calls()).isEmpty();
    }

    @Test
    void creating_a_template_needs_the_read_permission_too_because_the_template_copies_the_rule() {
        AutomationRule source = eventRule(tenant);
        List<String> callsBefore = rules.calls();

        PermissionDeniedException denied = assertThrows(PermissionDeniedException.class, () -> service.create(
                new CreateTemplateCommand(Callers.with(tenant, Permission.CREATE), source.id(), aTemplate())));

        assertThat(denied.details()).isEqualTo(Map.of("required_permission", "automation:read"));
        assertThat(rules.calls()).isEqualTo(callsBefore);
        assertThat(templates.calls()).doesNotContain("insert");
    }

    @Test
    void using_a_template_creates_the_substituted_rule_and_counts_the_use_in_one_transaction() {
        AutomationTemplate template = eventTemplate();
        clock.advance(Duration.ofMinutes(5));
        int before = transactions.begun();

        RuleDetails created = service.use(new UseTemplateCommand(caller, template.id(),
                Map.of("event", "ticket.closed")));

        assertThat(created.definition().triggerConfig().toMap()).containsEntry("event_type", "ticket.closed");
        assertThat(rules.stored(tenant, created.id())).isPresent();
        AutomationTemplate counted = templates.stored(tenant, template.id()).orElseThrow();
        assertThat(counted.usageCount()).isEqualTo(1);
        assertThat(counted.lastUsed()).contains(clock.instant());
        assertThat(transactions.begun()).isEqualTo(before + 1);
    }

    @Test
    void invalid_variables_create_nothing_and_count_nothing() {
        AutomationTemplate template = eventTemplate();

        ValidationException e = assertThrows(ValidationException.class, () -> service.use(new UseTemplateCommand(
                caller, template.id(), Map.of("event", 42))));

        assertThat(e.violations()).extracting(FieldViolation::field).containsExactly("variables.event");
        assertThat(templates.stored(tenant, template.id()).orElseThrow().usageCount()).isZero();
        assertThat(templates.calls()).doesNotContain("recordUse");
    }

    @Test
    void a_substituted_rule_is_validated_like_any_new_rule() {
        AutomationTemplate template = eventTemplate();

        ValidationException e = assertThrows(ValidationException.class, () -> service.use(new UseTemplateCommand(
                caller, template.id(), Map.of("event", ""))));

        assertThat(e.violations()).extracting(FieldViolation::field).containsExactly("trigger_config.event_type");
        assertThat(templates.calls()).doesNotContain("recordUse");
    }

    @Test
    void another_tenants_template_is_not_found_for_get_and_use() {
        AutomationTemplate template = eventTemplate();
        Caller stranger = Callers.withAll(TenantIds.random());

        assertThrows(NotFoundException.class, () -> service.get(stranger, template.id()));
        assertThrows(NotFoundException.class, () -> service.use(new UseTemplateCommand(stranger, template.id(),
                Map.of("event", "x"))));
        assertThat(templates.stored(tenant, template.id()).orElseThrow().usageCount()).isZero();
    }

    @Test
    void an_inactive_template_cannot_be_used() {
        AutomationTemplate t = eventTemplate();
        templates.containing(AutomationTemplate.reconstitute(t.id(), t.tenant(), t.name(), t.description(),
                t.category(), t.icon(), t.config(), t.version(), t.author(), t.compatibleVersions(),
                t.requiredPermissions(), 0, Optional.empty(), t.variables(), false, false, t.createdAt(),
                t.updatedAt()));

        DomainException e = assertThrows(DomainException.class, () -> service.use(new UseTemplateCommand(caller,
                t.id(), Map.of("event", "x"))));

        assertThat(e.code()).isEqualTo(TemplateService.TEMPLATE_NOT_ACTIVE);
    }

    @Test
    void the_list_shows_only_the_callers_templates() {
        AutomationTemplate mine = eventTemplate();
        templates.containing(AutomationTemplate.fromRule(TemplateId.newId(), TenantIds.random(), aTemplate(),
                eventRule(tenant).definition(), Optional.empty(), clock));

        assertThat(service.list(caller, TemplateFilter.none(), new PageRequest(1, 10)).items())
                .extracting(AutomationTemplate::id).containsExactly(mine.id());
    }
}
