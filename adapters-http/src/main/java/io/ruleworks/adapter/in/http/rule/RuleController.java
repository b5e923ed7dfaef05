package io.ruleworks.adapter.in.http.rule;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Put;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.ruleworks.adapter.in.http.DataResponse;
import io.ruleworks.adapter.in.http.Ids;
import io.ruleworks.adapter.in.http.Link;
import io.ruleworks.adapter.in.http.ListResponse;
import io.ruleworks.adapter.in.http.hook.HookUrls;
import io.ruleworks.adapter.in.http.QueryParameters;
import io.ruleworks.adapter.in.http.json.RequestBodyReader;
import io.ruleworks.application.port.in.CreateRuleUseCase;
import io.ruleworks.application.port.in.CreateRuleUseCase.CreateRuleCommand;
import io.ruleworks.application.port.in.DeleteRuleUseCase;
import io.ruleworks.application.port.in.GetRuleUseCase;
import io.ruleworks.application.port.in.ListRulesUseCase;
import io.ruleworks.application.port.in.RuleDetails;
import io.ruleworks.application.port.in.UpdateRuleUseCase;
import io.ruleworks.application.port.in.UpdateRuleUseCase.UpdateRuleCommand;
import io.ruleworks.domain.access.Caller;
import io.ruleworks.domain.access.Permission;
import io.ruleworks.domain.rule.Priority;
import io.ruleworks.domain.rule.RuleFilter;
import io.ruleworks.domain.rule.RuleId;
import io.ruleworks.domain.rule.RuleSortField;
import io.ruleworks.domain.rule.RuleStatus;
import io.ruleworks.domain.rule.TriggerType;
import io.ruleworks.domain.shared.Page;
import io.ruleworks.domain.shared.PageRequest;
import io.ruleworks.domain.shared.SortOrder;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** The contract's rule operations: create, get, update, delete and list. */
@Controller(RuleController.BASE)
@ExecuteOn(TaskExecutors.BLOCKING)
public class RuleController {

    public static final String BASE = "/api/v1/automation/rules";

    static final Set<String> LIST_PARAMETERS = Set.of("page", "limit", "sort", "order", "search", "created_from",
            "created_to", "updated_from", "updated_to", "is_active", "name", "status", "trigger_type", "priority",
            "template_category", "created_by", "last_executed_from", "last_executed_to", "execution_count_min",
            "execution_count_max");

    private final CreateRuleUseCase createRule;
    private final GetRuleUseCase getRule;
    private final UpdateRuleUseCase updateRule;
    private final DeleteRuleUseCase deleteRule;
    private final ListRulesUseCase listRules;
    private final RequestBodyReader bodies;
    private final RuleDtoMapper mapper;
    private final HookUrls hookUrls;

    public RuleController(CreateRuleUseCase createRule, GetRuleUseCase getRule, UpdateRuleUseCase updateRule,
                          DeleteRuleUseCase deleteRule, ListRulesUseCase listRules, RequestBodyReader bodies,
                          RuleDtoMapper mapper, HookUrls hookUrls) {
        this.createRule = createRule;
        this.getRule = getRule;
        this.updateRule = updateRule;
        this.deleteRule = deleteRule;
        this.listRules = listRules;
        this.bodies = bodies;
        this.mapper = mapper;
        this.hookUrls = hookUrls;
    }

    @Post(consumes = MediaType.APPLICATION_JSON, produces = MediaType.APPLICATION_JSON)
    public HttpResponse<DataResponse<RuleWithHookSecretDto>> create(Caller caller, @Nullable @Body String body) {
        caller.require(Permission.CREATE);
        RuleRequest request = bodies.read(body, "CreateAutomationRuleRequest", RuleRequest.class);
        RuleDetails created = createRule.create(new CreateRuleCommand(caller, mapper.toDraft(request)));
        return HttpResponse.created(new DataResponse<>(withHookSecret(created)), URI.create(BASE + "/" + created.id()));
    }

    @Get(uri = "/{id}", produces = MediaType.APPLICATION_JSON)
    public DataResponse<AutomationRuleDto> get(Caller caller, @PathVariable String id) {
        caller.require(Permission.READ);
        return new DataResponse<>(withLinks(getRule.get(caller, ruleId(id))));
    }

    @Put(uri = "/{id}", consumes = MediaType.APPLICATION_JSON, produces = MediaType.APPLICATION_JSON)
    public DataResponse<RuleWithHookSecretDto> update(Caller caller, @PathVariable String id,
                                                      @Nullable @Body String body) {
        caller.require(Permission.UPDATE);
        RuleId ruleId = ruleId(id);
        RuleRequest request = bodies.read(body, "UpdateAutomationRuleRequest", RuleRequest.class);
        return new DataResponse<>(withHookSecret(updateRule.update(new UpdateRuleCommand(caller, ruleId,
                mapper.toDraft(request)))));
    }

    @Delete(uri = "/{id}")
    public HttpResponse<Void> delete(Caller caller, @PathVariable String id) {
        caller.require(Permission.DELETE);
        deleteRule.delete(caller, ruleId(id));
        return HttpResponse.noContent();
    }

    @Get(produces = MediaType.APPLICATION_JSON)
    public ListResponse<AutomationRuleDto> list(Caller caller, HttpRequest<?> request) {
        caller.require(Permission.READ);
        QueryParameters q = new QueryParameters(request.getParameters(), LIST_PARAMETERS);
        PageRequest page = q.page();
        RuleFilter filter = new RuleFilter(q.text("search"), q.instant("created_from"), q.instant("created_to"),
                q.instant("updated_from"), q.instant("updated_to"), q.bool("is_active"), q.text("name"),
                q.oneOf("status", RuleStatus.class), q.oneOf("trigger_type", TriggerType.class),
                q.oneOf("priority", Priority.class), q.text("template_category"), q.uuid("created_by"),
                q.instant("last_executed_from"), q.instant("last_executed_to"),
                q.integer("execution_count_min", 0, Long.MAX_VALUE), q.integer("execution_count_max", 0, Long.MAX_VALUE),
                q.oneOf("sort", RuleSortField.class).orElse(RuleSortField.CREATED_AT),
                q.oneOf("order", SortOrder.class).orElse(SortOrder.DESC));
        q.range("created_from", filter.createdFrom(), "created_to", filter.createdTo());
        q.range("updated_from", filter.updatedFrom(), "updated_to", filter.updatedTo());
        q.range("last_executed_from", filter.lastExecutedFrom(), "last_executed_to", filter.lastExecutedTo());
        q.range("execution_count_min", filter.executionCountMin(), "execution_count_max", filter.executionCountMax());
        q.validate();
        Page<RuleDetails> rules = listRules.list(caller, filter, page);
        return new ListResponse<>(rules.items().stream().map(this::withLinks).toList(),
                ListResponse.Pagination.of(rules), new ListResponse.Meta(q.filters(), "automation_rule"));
    }

    private static RuleId ruleId(String id) {
        return new RuleId(Ids.require("id", id));
    }

    /** The rule, and the hook secret the operation just issued (shown this once), if any. */
    private RuleWithHookSecretDto withHookSecret(RuleDetails details) {
        return new RuleWithHookSecretDto(withLinks(details), details.issuedHookSecret()
                .map(secret -> hookUrls.issued(details.id(), secret, null)).orElse(null));
    }

    private AutomationRuleDto withLinks(RuleDetails details) {
        return mapper.toDto(details).withLinks(links(details.id()));
    }

    /** The links of a rule: only routes that exist ({@code self}, {@code update}, {@code delete}, {@code collection}). */
    public static Map<String, Link> links(RuleId id) {
        String self = BASE + "/" + id;
        Map<String, Link> links = new LinkedHashMap<>();
        links.put("self", Link.get(self));
        links.put("update", new Link(self, "PUT"));
        links.put("delete", new Link(self, "DELETE"));
        links.put("collection", Link.get(BASE));
        return links;
    }
}
