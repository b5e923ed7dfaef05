package io.ruleworks.adapter.in.http.template;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.ruleworks.adapter.in.http.DataResponse;
import io.ruleworks.adapter.in.http.Ids;
import io.ruleworks.adapter.in.http.ListResponse;
import io.ruleworks.adapter.in.http.QueryParameters;
import io.ruleworks.adapter.in.http.error.ErrorResponse;
import io.ruleworks.adapter.in.http.fieldvalidation.FieldValidation;
import io.ruleworks.adapter.in.http.fieldvalidation.FieldWarnings;
import io.ruleworks.adapter.in.http.hook.HookUrls;
import io.ruleworks.adapter.in.http.json.RequestBodyReader;
import io.ruleworks.adapter.in.http.link.ResourceLinks;
import io.ruleworks.adapter.in.http.openapi.ApiDocumentation;
import io.ruleworks.adapter.in.http.openapi.InvalidPathIdResponse;
import io.ruleworks.adapter.in.http.openapi.InvalidQueryResponse;
import io.ruleworks.adapter.in.http.openapi.InvalidRequestResponse;
import io.ruleworks.adapter.in.http.openapi.NotFoundResponse;
import io.ruleworks.adapter.in.http.openapi.StandardErrors;
import io.ruleworks.adapter.in.http.rule.AutomationRuleDto;
import io.ruleworks.adapter.in.http.rule.RuleDtoMapper;
import io.ruleworks.adapter.in.http.rule.RuleWithHookSecretDto;
import io.ruleworks.adapter.in.http.template.TemplateRequests.CreateTemplateRequest;
import io.ruleworks.adapter.in.http.template.TemplateRequests.UseTemplateRequest;
import io.ruleworks.adapter.in.http.template.TemplateRequests.VariableRequest;
import io.ruleworks.application.port.in.rule.RuleDetails;
import io.ruleworks.application.port.in.template.CreateTemplateUseCase;
import io.ruleworks.application.port.in.template.CreateTemplateUseCase.CreateTemplateCommand;
import io.ruleworks.application.port.in.template.GetTemplateUseCase;
import io.ruleworks.application.port.in.template.ListTemplatesUseCase;
import io.ruleworks.application.port.in.template.UseTemplateUseCase;
import io.ruleworks.application.port.in.template.UseTemplateUseCase.UseTemplateCommand;
import io.ruleworks.domain.access.Caller;
import io.ruleworks.domain.access.Permission;
import io.ruleworks.domain.rule.RuleId;
import io.ruleworks.domain.shared.Page;
import io.ruleworks.domain.shared.PageRequest;
import io.ruleworks.domain.shared.SortOrder;
import io.ruleworks.domain.template.AutomationTemplate;
import io.ruleworks.domain.template.TemplateDraft;
import io.ruleworks.domain.template.TemplateFilter;
import io.ruleworks.domain.template.TemplateId;
import io.ruleworks.domain.template.TemplateSortField;
import io.ruleworks.domain.template.TemplateVariable;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** The contract's template operations: list, create from a rule, get, and create a rule from one. */
@Controller(TemplateController.BASE)
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = ApiDocumentation.TEMPLATES)
@StandardErrors
public class TemplateController {

    public static final String BASE = "/api/v1/automation/templates";

    static final Set<String> LIST_PARAMETERS = Set.of("page", "limit", "sort", "order", "search", "created_from",
            "created_to", "updated_from", "updated_to", "is_active", "category", "compatible_version", "author",
            "usage_count_min", "usage_count_max", "is_featured");

    private final CreateTemplateUseCase createTemplate;
    private final GetTemplateUseCase getTemplate;
    private final ListTemplatesUseCase listTemplates;
    private final UseTemplateUseCase useTemplate;
    private final RequestBodyReader bodies;
    private final RuleDtoMapper rules;

    private final HookUrls hookUrls;

    public TemplateController(CreateTemplateUseCase createTemplate, GetTemplateUseCase getTemplate,
                              ListTemplatesUseCase listTemplates, UseTemplateUseCase useTemplate,
                              RequestBodyReader bodies, RuleDtoMapper rules, HookUrls hookUrls) {
        this.hookUrls = hookUrls;
        this.createTemplate = createTemplate;
        this.getTemplate = getTemplate;
        this.listTemplates = listTemplates;
        this.useTemplate = useTemplate;
        this.bodies = bodies;
        this.rules = rules;
    }

    @Operation(operationId = "listAutomationTemplates", summary = "List automation templates",
            description = "Pages through the tenant's templates with filters. Needs automation:read.")
    @Parameter(name = "page", in = ParameterIn.QUERY, description = "Page number, from 1.", schema = @Schema(type = "integer"))
    @Parameter(name = "limit", in = ParameterIn.QUERY, description = "Page size, 1 to 100 (default 25).", schema = @Schema(type = "integer"))
    @Parameter(name = "order", in = ParameterIn.QUERY, description = "Sort direction (default desc).", schema = @Schema(type = "string", allowableValues = {"asc", "desc"}))
    @Parameter(name = "search", in = ParameterIn.QUERY, description = "Case-insensitive substring search.", schema = @Schema(type = "string"))
    @Parameter(name = "sort", in = ParameterIn.QUERY, description = "Sort field (default created_at).", schema = @Schema(type = "string", allowableValues = {"created_at", "updated_at", "name", "category", "usage_count", "last_used"}))
    @Parameter(name = "created_from", in = ParameterIn.QUERY, description = "ISO-8601 date-time bound.", schema = @Schema(type = "string", format = "date-time"))
    @Parameter(name = "created_to", in = ParameterIn.QUERY, description = "ISO-8601 date-time bound.", schema = @Schema(type = "string", format = "date-time"))
    @Parameter(name = "updated_from", in = ParameterIn.QUERY, description = "ISO-8601 date-time bound.", schema = @Schema(type = "string", format = "date-time"))
    @Parameter(name = "updated_to", in = ParameterIn.QUERY, description = "ISO-8601 date-time bound.", schema = @Schema(type = "string", format = "date-time"))
    @Parameter(name = "category", in = ParameterIn.QUERY, description = "Category.", schema = @Schema(type = "string"))
    @Parameter(name = "is_featured", in = ParameterIn.QUERY, description = "Extension: featured templates.", schema = @Schema(type = "boolean"), extensions = @Extension(properties = @ExtensionProperty(name = ApiDocumentation.EXTENSION, value = "true", parseValue = true)))
    @Parameter(name = "compatible_version", in = ParameterIn.QUERY, description = "Contained in compatible_versions.", schema = @Schema(type = "string"))
    @Parameter(name = "author", in = ParameterIn.QUERY, description = "Author.", schema = @Schema(type = "string"))
    @Parameter(name = "usage_count_min", in = ParameterIn.QUERY, description = "Lower bound of usage_count.", schema = @Schema(type = "integer"))
    @Parameter(name = "usage_count_max", in = ParameterIn.QUERY, description = "Upper bound of usage_count.", schema = @Schema(type = "integer"))
    @Parameter(name = "is_active", in = ParameterIn.QUERY, description = "Active templates.", schema = @Schema(type = "boolean"))
    @ApiResponse(responseCode = "200", description = "A page of templates.")
    @InvalidQueryResponse
    @Get(produces = MediaType.APPLICATION_JSON)
    public ListResponse<AutomationTemplateDto> list(@Parameter(hidden = true) Caller caller, HttpRequest<?> request) {
        caller.require(Permission.READ);
        QueryParameters q = new QueryParameters(request.getParameters(), LIST_PARAMETERS);
        PageRequest page = q.page();
        TemplateFilter filter = new TemplateFilter(q.text("search"), q.text("category"), q.bool("is_featured"),
                q.text("compatible_version"), q.text("author"), q.integer("usage_count_min", 0, Long.MAX_VALUE),
                q.integer("usage_count_max", 0, Long.MAX_VALUE), q.bool("is_active"), q.instant("created_from"),
                q.instant("created_to"), q.instant("updated_from"), q.instant("updated_to"),
                q.oneOf("sort", TemplateSortField.class).orElse(TemplateSortField.CREATED_AT),
                q.oneOf("order", SortOrder.class).orElse(SortOrder.DESC));
        q.range("usage_count_min", filter.usageCountMin(), "usage_count_max", filter.usageCountMax());
        q.range("created_from", filter.createdFrom(), "created_to", filter.createdTo());
        q.range("updated_from", filter.updatedFrom(), "updated_to", filter.updatedTo());
        q.validate();
        Page<AutomationTemplate> templates = listTemplates.list(caller, filter, page);
        return new ListResponse<>(templates.items().stream().map(TemplateController::dto).toList(),
                ListResponse.Pagination.of(templates), new ListResponse.Meta(q.filters(), "automation_template"));
    }

    @Operation(operationId = "createAutomationTemplate", summary = "Create automation template",
            description = "Creates a template from a rule of the tenant. Extensions of the body: icon, version, compatible_versions, is_featured; per variable default_value, options, validation. Needs automation:create and automation:read (the template copies the rule).")
    @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, description = "CreateAutomationTemplateRequest (with extensions).",
            content = @Content(mediaType = ApiDocumentation.JSON, schema = @Schema(implementation = TemplateRequests.CreateTemplateRequest.class)))
    @ApiResponse(responseCode = "201", description = "The template, with a Location header.")
    @ApiResponse(responseCode = "400", description = "Invalid body, parameter or path id (VALIDATION_ERROR, details.field and details.errors), or a refusal such as RULE_NOT_ACTIVE.",
            content = @Content(mediaType = ApiDocumentation.JSON, schema = @Schema(implementation = ErrorResponse.class)))
    @ApiResponse(responseCode = "404", description = "The source rule does not exist in the caller's tenant.",
            content = @Content(mediaType = ApiDocumentation.JSON, schema = @Schema(implementation = ErrorResponse.class)))
    @Post(consumes = {MediaType.APPLICATION_JSON, MediaType.ALL}, produces = MediaType.APPLICATION_JSON)
    public HttpResponse<DataResponse<AutomationTemplateDto>> create(@Parameter(hidden = true) Caller caller, @Nullable @Body String body) {
        caller.require(Permission.CREATE);
        caller.require(Permission.READ);
        CreateTemplateRequest request = bodies.read(body, "CreateAutomationTemplateRequest",
                CreateTemplateRequest.class);
        RuleId source = new RuleId(Ids.require("automation_rule_id", request.automationRuleId()));
        List<VariableRequest> variables = request.templateVariables() == null ? List.of() : request.templateVariables();
        TemplateDraft draft = new TemplateDraft(request.templateName(), Optional.ofNullable(request.templateDescription()),
                request.category(), variables.stream().map(TemplateController::variable).toList(),
                Optional.ofNullable(request.icon()), Optional.ofNullable(request.version()),
                Optional.ofNullable(request.compatibleVersions()), Optional.ofNullable(request.isFeatured()));
        AutomationTemplate created = createTemplate.create(new CreateTemplateCommand(caller, source, draft));
        return HttpResponse.created(new DataResponse<>(dto(created)), URI.create(BASE + "/" + created.id()));
    }

    @Operation(operationId = "getAutomationTemplate", summary = "Get automation template",
            description = "One template. Needs automation:read.")
    @ApiResponse(responseCode = "200", description = "The template.")
    @InvalidPathIdResponse
    @NotFoundResponse
    @Get(uri = "/{id}", produces = MediaType.APPLICATION_JSON)
    public DataResponse<AutomationTemplateDto> get(@Parameter(hidden = true) Caller caller, @Parameter(description = "The template id (UUID).", schema = @Schema(type = "string", format = "uuid")) @PathVariable String id) {
        caller.require(Permission.READ);
        return new DataResponse<>(dto(getTemplate.get(caller, templateId(id))));
    }

    @Operation(operationId = "useAutomationTemplate", summary = "Use automation template",
            description = "Creates a rule from the template with the given variable values, exactly as POST /rules does. Needs automation:create and the template's required_permissions.")
    @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, description = "UseAutomationTemplateRequest.",
            content = @Content(mediaType = ApiDocumentation.JSON, schema = @Schema(implementation = TemplateRequests.UseTemplateRequest.class)))
    @ApiResponse(responseCode = "201", description = "The created rule, with a Location header.")
    @ApiResponse(responseCode = "400", description = "Invalid body, parameter or path id (VALIDATION_ERROR, details.field and details.errors), or a refusal such as RULE_NOT_ACTIVE. Also TEMPLATE_NOT_ACTIVE.",
            content = @Content(mediaType = ApiDocumentation.JSON, schema = @Schema(implementation = ErrorResponse.class)))
    @NotFoundResponse
    @Post(uri = "/{id}/use", consumes = {MediaType.APPLICATION_JSON, MediaType.ALL}, produces = MediaType.APPLICATION_JSON)
    public HttpResponse<DataResponse<RuleWithHookSecretDto>> use(@Parameter(hidden = true) Caller caller, @Parameter(description = "The template id (UUID).", schema = @Schema(type = "string", format = "uuid")) @PathVariable String id,
                                                             @Nullable @Body String body) {
        caller.require(Permission.CREATE);
        TemplateId template = templateId(id);
        UseTemplateRequest request = bodies.read(body, "UseAutomationTemplateRequest", UseTemplateRequest.class);
        FieldWarnings warnings = FieldWarnings.current();
        RuleDetails created = useTemplate.use(new UseTemplateCommand(caller, template,
                request.variables() == null ? Map.of() : request.variables(), field -> {
                    if (warnings.mode() == FieldValidation.STRICT) {
                        return false;
                    }
                    warnings.warn("unknown field \"" + field + "\"");
                    return true;
                }));
        AutomationRuleDto rule = rules.toDto(created).withLinks(ResourceLinks.ruleFromTemplate(created.id(), template));
        // a webhook rule made from a template gets its signing secret here, shown this once
        RuleWithHookSecretDto dto = new RuleWithHookSecretDto(rule, created.issuedHookSecret()
                .map(secret -> hookUrls.issued(created.id(), secret, null)).orElse(null));
        return HttpResponse.created(new DataResponse<>(dto), URI.create(ResourceLinks.RULES + "/" + created.id()));
    }

    private static TemplateVariable.Draft variable(VariableRequest v) {
        return new TemplateVariable.Draft(v.variableName(), v.ruleFieldPath(), v.displayName(),
                Optional.ofNullable(v.description()), v.type(), Optional.ofNullable(v.required()),
                Optional.ofNullable(v.defaultValue()), Optional.ofNullable(v.options()),
                Optional.ofNullable(v.validation()));
    }

    private static TemplateId templateId(String id) {
        return new TemplateId(Ids.require("id", id));
    }

    private static AutomationTemplateDto dto(AutomationTemplate template) {
        return AutomationTemplateDto.of(template, ResourceLinks.template(template.id()));
    }
}
