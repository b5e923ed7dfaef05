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
import io.ruleworks.adapter.in.http.link.ResourceLinks;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micronaut.http.annotation.Patch;
import io.ruleworks.adapter.in.http.ListResponse;
import io.ruleworks.adapter.in.http.QueryParameters;
import io.ruleworks.adapter.in.http.error.ErrorResponse;
import io.ruleworks.adapter.in.http.hook.HookUrls;
import io.ruleworks.adapter.in.http.json.MergePatch;
import io.ruleworks.adapter.in.http.json.RequestBodyReader;
import io.ruleworks.adapter.in.http.openapi.ApiDocumentation;
import io.ruleworks.adapter.in.http.openapi.InvalidPathIdResponse;
import io.ruleworks.adapter.in.http.openapi.InvalidRequestResponse;
import io.ruleworks.adapter.in.http.openapi.NotFoundResponse;
import io.ruleworks.adapter.in.http.openapi.StandardErrors;
import io.ruleworks.application.port.in.rule.CreateRuleUseCase;
import io.ruleworks.application.port.in.rule.CreateRuleUseCase.CreateRuleCommand;
import io.ruleworks.application.port.in.rule.DeleteRuleUseCase;
import io.ruleworks.application.port.in.rule.GetRuleUseCase;
import io.ruleworks.application.port.in.rule.ListRulesUseCase;
import io.ruleworks.application.port.in.rule.RuleDetails;
import io.ruleworks.application.port.in.rule.UpdateRuleUseCase;
import io.ruleworks.application.port.in.rule.UpdateRuleUseCase.UpdateRuleCommand;
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
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.extensions.Extension;
import io.swagger.v3.oas.annotations.extensions.ExtensionProperty;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

import java.net.URI;
import java.util.Map;
import java.util.Set;

/** The contract's rule operations: create, get, update, delete and list. */
@Controller(RuleController.BASE)
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = ApiDocumentation.RULES)
@StandardErrors
public class RuleController {

    public static final String BASE = "/api/v1/automation/rules";

    static final Set<String> LIST_PARAMETERS = Set.of("page", "limit", "sort", "order", "search", "created_from",
            "created_to", "updated_from", "updated_to", "is_active", "name", "status", "trigger_type", "priority",
            "template_category", "created_by", "last_executed_from", "last_executed_to", "execution_count_min",
            "execution_count_max", "tags", "is_template");

    /** Distinct tags one list request may filter by. */
    static final int MAX_TAGS = 50;

    private final CreateRuleUseCase createRule;
    private final GetRuleUseCase getRule;
    private final UpdateRuleUseCase updateRule;
    private final DeleteRuleUseCase deleteRule;
    private final ListRulesUseCase listRules;
    private final RequestBodyReader bodies;
    private final RuleDtoMapper mapper;
    private final HookUrls hookUrls;
    private final RuleOpenObjects openObjects;

    public RuleController(CreateRuleUseCase createRule, GetRuleUseCase getRule, UpdateRuleUseCase updateRule,
                          DeleteRuleUseCase deleteRule, ListRulesUseCase listRules, RequestBodyReader bodies,
                          RuleDtoMapper mapper, HookUrls hookUrls, RuleOpenObjects openObjects) {
        this.openObjects = openObjects;
        this.createRule = createRule;
        this.getRule = getRule;
        this.updateRule = updateRule;
        this.deleteRule = deleteRule;
        this.listRules = listRules;
        this.bodies = bodies;
        this.mapper = mapper;
        this.hookUrls = hookUrls;
    }

    @Operation(operationId = "createAutomationRule", summary = "Create automation rule",
            description = "Creates a rule (every known field checked; unknown fields ignored with a Warning header, refused with fieldValidation=Strict; read-only fields of a rule sent back accepted and ignored; trigger_config and action configs checked against their type's schema, see GET /meta). Needs automation:create.")
    @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, description = "CreateAutomationRuleRequest.",
            content = @Content(mediaType = ApiDocumentation.JSON, schema = @Schema(implementation = RuleRequest.class)))
    @ApiResponse(responseCode = "201", description = "The created rule, with a Location header.")
    @InvalidRequestResponse
    @Post(consumes = {MediaType.APPLICATION_JSON, MediaType.ALL}, produces = MediaType.APPLICATION_JSON)
    public HttpResponse<DataResponse<RuleWithHookSecretDto>> create(@Parameter(hidden = true) Caller caller,
                                                                    @Nullable @Body String body) {
        caller.require(Permission.CREATE);
        RuleRequest request = bodies.read(body, "CreateAutomationRuleRequest", RuleRequest.class, openObjects);
        RuleDetails created = createRule.create(new CreateRuleCommand(caller, mapper.toDraft(request)));
        return HttpResponse.created(new DataResponse<>(withHookSecret(created)), URI.create(BASE + "/" + created.id()));
    }

    @Operation(operationId = "getAutomationRule", summary = "Get automation rule",
            description = "The rule with execution_statistics and _links. Needs automation:read.")
    @ApiResponse(responseCode = "200", description = "The rule.")
    @ApiResponse(responseCode = "400", description = "Invalid UUID in the path (details.field = id).",
            content = @Content(mediaType = ApiDocumentation.JSON, schema = @Schema(implementation = ErrorResponse.class)))
    @NotFoundResponse
    @Get(uri = "/{id}", produces = MediaType.APPLICATION_JSON)
    public DataResponse<AutomationRuleDto> get(@Parameter(hidden = true) Caller caller, @Parameter(description = "The rule id (UUID).", schema = @Schema(type = "string", format = "uuid")) @PathVariable String id) {
        caller.require(Permission.READ);
        return new DataResponse<>(withLinks(getRule.get(caller, ruleId(id))));
    }

    @Operation(operationId = "updateAutomationRule", summary = "Update automation rule",
            description = "Replaces the given fields of a rule; same checks as create. Needs automation:update.")
    @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, description = "UpdateAutomationRuleRequest.",
            content = @Content(mediaType = ApiDocumentation.JSON, schema = @Schema(implementation = RuleRequest.class)))
    @ApiResponse(responseCode = "200", description = "The updated rule.")
    @InvalidRequestResponse
    @NotFoundResponse
    @Put(uri = "/{id}", consumes = {MediaType.APPLICATION_JSON, MediaType.ALL}, produces = MediaType.APPLICATION_JSON)
    public DataResponse<RuleWithHookSecretDto> update(@Parameter(hidden = true) Caller caller,
                                                      @Parameter(description = "The rule id (UUID).",
                                                              schema = @Schema(type = "string", format = "uuid"))
                                                      @PathVariable String id, @Nullable @Body String body) {
        caller.require(Permission.UPDATE);
        RuleId ruleId = ruleId(id);
        RuleRequest request = bodies.read(body, "UpdateAutomationRuleRequest", RuleRequest.class, openObjects);
        return new DataResponse<>(withHookSecret(updateRule.update(new UpdateRuleCommand(caller, ruleId,
                mapper.toDraft(request)))));
    }

    @Operation(operationId = "patchAutomationRule", summary = "Patch automation rule",
            description = "Extension (Alga links it as `patch`): a JSON merge patch (RFC 7396) of the rule: members replace the rule's, "
                    + "objects (trigger_config, metadata, notification_settings) merge recursively, null removes "
                    + "(an optional field is cleared, a required one is refused). The result is validated exactly like PUT. "
                    + "Needs automation:update.",
            extensions = @Extension(properties = @ExtensionProperty(name = ApiDocumentation.EXTENSION, value = "true", parseValue = true)))
    @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, description = "A JSON merge patch of the rule (application/merge-patch+json or application/json).",
            content = @Content(mediaType = ApiDocumentation.JSON, schema = @Schema(implementation = RuleRequest.class)))
    @ApiResponse(responseCode = "200", description = "The updated rule.")
    @ApiResponse(responseCode = "400", description = "Invalid patch or result (VALIDATION_ERROR, details.field and details.errors).",
            content = @Content(mediaType = ApiDocumentation.JSON, schema = @Schema(implementation = ErrorResponse.class)))
    @NotFoundResponse
    @Patch(uri = "/{id}", consumes = {MediaType.APPLICATION_JSON, MediaType.ALL}, produces = MediaType.APPLICATION_JSON)
    public DataResponse<RuleWithHookSecretDto> patch(@Parameter(hidden = true) Caller caller,
                                                     @Parameter(description = "The rule id (UUID).",
                                                             schema = @Schema(type = "string", format = "uuid"))
                                                     @PathVariable String id, @Nullable @Body String body) {
        caller.require(Permission.UPDATE);
        RuleId ruleId = ruleId(id);
        ObjectNode patch = bodies.parseObject(body);
        return new DataResponse<>(withHookSecret(updateRule.update(new UpdateRuleCommand(caller, ruleId, current -> {
            ObjectNode merged = MergePatch.apply(bodies.tree(RuleDrafts.toWire(current)), patch);
            return mapper.toDraft(bodies.bind(merged, "UpdateAutomationRuleRequest", RuleRequest.class, openObjects));
        }))));
    }

    @Operation(operationId = "deleteAutomationRule", summary = "Delete automation rule",
            description = "Deletes a rule. Needs automation:delete.")
    @ApiResponse(responseCode = "204", description = "Deleted.")
    @ApiResponse(responseCode = "400", description = "Invalid UUID in the path.",
            content = @Content(mediaType = ApiDocumentation.JSON, schema = @Schema(implementation = ErrorResponse.class)))
    @ApiResponse(responseCode = "404", description = "No such record in the caller's tenant (NOT_FOUND).",
            content = @Content(mediaType = ApiDocumentation.JSON, schema = @Schema(implementation = ErrorResponse.class)))
    @ApiResponse(responseCode = "409", description = "Extension: the rule has pending or running executions (RULE_HAS_ACTIVE_EXECUTIONS).",
            content = @Content(mediaType = ApiDocumentation.JSON, schema = @Schema(implementation = ErrorResponse.class)),
            extensions = @Extension(properties = @ExtensionProperty(name = ApiDocumentation.EXTENSION, value = "true", parseValue = true)))
    @Delete(uri = "/{id}")
    public HttpResponse<Void> delete(@Parameter(hidden = true) Caller caller, @Parameter(description = "The rule id (UUID).", schema = @Schema(type = "string", format = "uuid")) @PathVariable String id) {
        caller.require(Permission.DELETE);
        deleteRule.delete(caller, ruleId(id));
        return HttpResponse.noContent();
    }

    @Operation(operationId = "listAutomationRules", summary = "List automation rules",
            description = "Pages through the tenant's rules with filters and an allowlisted sort; unknown parameters are ignored with a Warning header (400 with fieldValidation=Strict), a repeated one (tags aside) is 400. Needs automation:read.")
    @Parameter(name = "page", in = ParameterIn.QUERY, description = "Page number, from 1.", schema = @Schema(type = "integer"))
    @Parameter(name = "limit", in = ParameterIn.QUERY, description = "Page size, 1 to 100 (default 25).", schema = @Schema(type = "integer"))
    @Parameter(name = "order", in = ParameterIn.QUERY, description = "Sort direction (default desc).", schema = @Schema(type = "string", allowableValues = {"asc", "desc"}))
    @Parameter(name = "search", in = ParameterIn.QUERY, description = "Case-insensitive substring search.", schema = @Schema(type = "string"))
    @Parameter(name = "sort", in = ParameterIn.QUERY, description = "Sort field (default created_at).", schema = @Schema(type = "string", allowableValues = {"created_at", "updated_at", "name", "status", "priority", "trigger_type", "last_executed", "execution_count"}))
    @Parameter(name = "created_from", in = ParameterIn.QUERY, description = "ISO-8601 date-time bound.", schema = @Schema(type = "string", format = "date-time"))
    @Parameter(name = "created_to", in = ParameterIn.QUERY, description = "ISO-8601 date-time bound.", schema = @Schema(type = "string", format = "date-time"))
    @Parameter(name = "updated_from", in = ParameterIn.QUERY, description = "ISO-8601 date-time bound.", schema = @Schema(type = "string", format = "date-time"))
    @Parameter(name = "updated_to", in = ParameterIn.QUERY, description = "ISO-8601 date-time bound.", schema = @Schema(type = "string", format = "date-time"))
    @Parameter(name = "last_executed_from", in = ParameterIn.QUERY, description = "ISO-8601 date-time bound.", schema = @Schema(type = "string", format = "date-time"))
    @Parameter(name = "last_executed_to", in = ParameterIn.QUERY, description = "ISO-8601 date-time bound.", schema = @Schema(type = "string", format = "date-time"))
    @Parameter(name = "is_active", in = ParameterIn.QUERY, description = "true: status = active.", schema = @Schema(type = "boolean"))
    @Parameter(name = "name", in = ParameterIn.QUERY, description = "Substring of the name.", schema = @Schema(type = "string"))
    @Parameter(name = "status", in = ParameterIn.QUERY, description = "Rule status.", schema = @Schema(type = "string", allowableValues = {"active", "inactive", "draft", "error"}))
    @Parameter(name = "trigger_type", in = ParameterIn.QUERY, description = "Trigger type.", schema = @Schema(type = "string", allowableValues = {"time_based", "event_based", "condition_based", "manual", "recurring", "webhook"}))
    @Parameter(name = "priority", in = ParameterIn.QUERY, description = "Priority.", schema = @Schema(type = "string", allowableValues = {"low", "normal", "high", "critical"}))
    @Parameter(name = "template_category", in = ParameterIn.QUERY, description = "Template category.", schema = @Schema(type = "string"))
    @Parameter(name = "created_by", in = ParameterIn.QUERY, description = "Creator user id.", schema = @Schema(type = "string", format = "uuid"))
    @Parameter(name = "execution_count_min", in = ParameterIn.QUERY, description = "Lower bound of execution_count.", schema = @Schema(type = "integer"))
    @Parameter(name = "execution_count_max", in = ParameterIn.QUERY, description = "Upper bound of execution_count.", schema = @Schema(type = "integer"))
    @Parameter(name = "tags", in = ParameterIn.QUERY, description = "Rules carrying any of these tags: repeated (tags=a&tags=b) or comma-separated (tags=a,b), as Alga reads it.", schema = @Schema(type = "string"))
    @Parameter(name = "is_template", in = ParameterIn.QUERY, description = "is_template equal to it.", schema = @Schema(type = "boolean"))
    @ApiResponse(responseCode = "200", description = "A page of rules.")
    @ApiResponse(responseCode = "400", description = "Invalid or unknown query parameter (details.field names it).",
            content = @Content(mediaType = ApiDocumentation.JSON, schema = @Schema(implementation = ErrorResponse.class)))
    @Get(produces = MediaType.APPLICATION_JSON)
    public ListResponse<AutomationRuleDto> list(@Parameter(hidden = true) Caller caller, HttpRequest<?> request) {
        caller.require(Permission.READ);
        QueryParameters q = new QueryParameters(request.getParameters(), LIST_PARAMETERS);
        PageRequest page = q.page();
        RuleFilter filter = new RuleFilter(q.text("search"), q.instant("created_from"), q.instant("created_to"),
                q.instant("updated_from"), q.instant("updated_to"), q.bool("is_active"), q.text("name"),
                q.oneOf("status", RuleStatus.class), q.oneOf("trigger_type", TriggerType.class),
                q.oneOf("priority", Priority.class), q.text("template_category"), q.uuid("created_by"),
                q.instant("last_executed_from"), q.instant("last_executed_to"),
                q.integer("execution_count_min", 0, Long.MAX_VALUE), q.integer("execution_count_max", 0, Long.MAX_VALUE),
                q.texts("tags", MAX_TAGS), q.bool("is_template"),
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
        return mapper.toDto(details).withLinks(ResourceLinks.rule(details.id()));
    }
}
