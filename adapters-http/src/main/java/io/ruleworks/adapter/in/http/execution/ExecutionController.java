package io.ruleworks.adapter.in.http.execution;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.ruleworks.adapter.in.http.DataResponse;
import io.ruleworks.adapter.in.http.Ids;
import io.ruleworks.adapter.in.http.ListResponse;
import io.ruleworks.adapter.in.http.QueryParameters;
import io.ruleworks.adapter.in.http.error.ErrorResponse;
import io.ruleworks.adapter.in.http.idempotency.IdempotencyKeys;
import io.ruleworks.adapter.in.http.json.RequestBodyReader;
import io.ruleworks.adapter.in.http.link.ResourceLinks;
import io.ruleworks.adapter.in.http.openapi.ApiDocumentation;
import io.ruleworks.adapter.in.http.openapi.InvalidPathIdResponse;
import io.ruleworks.adapter.in.http.openapi.InvalidQueryResponse;
import io.ruleworks.adapter.in.http.openapi.NotFoundResponse;
import io.ruleworks.adapter.in.http.openapi.StandardErrors;
import io.ruleworks.application.port.in.execution.CancelExecutionUseCase;
import io.ruleworks.application.port.in.execution.ExecuteRuleUseCase;
import io.ruleworks.application.port.in.execution.ExecuteRuleUseCase.ExecuteRuleCommand;
import io.ruleworks.application.port.in.execution.GetExecutionUseCase;
import io.ruleworks.application.port.in.execution.ListExecutionsUseCase;
import io.ruleworks.application.port.in.execution.RetryExecutionUseCase;
import io.ruleworks.domain.access.Caller;
import io.ruleworks.domain.access.Permission;
import io.ruleworks.domain.execution.ExecutionFilter;
import io.ruleworks.domain.execution.ExecutionId;
import io.ruleworks.domain.execution.ExecutionState;
import io.ruleworks.domain.execution.ExecutionStatus;
import io.ruleworks.domain.execution.RetryFrom;
import io.ruleworks.domain.rule.RuleId;
import io.ruleworks.domain.rule.TriggerType;
import io.ruleworks.domain.shared.Page;
import io.ruleworks.domain.shared.PageRequest;
import io.ruleworks.domain.shared.SortOrder;
import io.ruleworks.domain.shared.ValidationException;
import io.ruleworks.domain.shared.WireEnum;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.extensions.Extension;
import io.swagger.v3.oas.annotations.extensions.ExtensionProperty;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Execute a rule, read and list executions, retry and cancel them. */
@Controller
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = ApiDocumentation.EXECUTIONS)
@StandardErrors
public class ExecutionController {

    public static final String RULES = "/api/v1/automation/rules";
    public static final String EXECUTIONS = "/api/v1/automation/executions";
    private static final BigDecimal MAX_DURATION = BigDecimal.valueOf(Long.MAX_VALUE);

    static final Set<String> LIST_PARAMETERS = Set.of("page", "limit", "sort", "order", "search", "created_from",
            "created_to", "updated_from", "updated_to", "is_active", "automation_rule_id", "status", "started_from",
            "started_to", "duration_min_ms", "duration_max_ms", "has_errors", "trigger_type");

    private final ExecuteRuleUseCase executeRule;
    private final GetExecutionUseCase getExecution;
    private final ListExecutionsUseCase listExecutions;
    private final RetryExecutionUseCase retryExecution;
    private final CancelExecutionUseCase cancelExecution;
    private final RequestBodyReader bodies;
    private final ExecutionDtoMapper mapper;

    public ExecutionController(ExecuteRuleUseCase executeRule, GetExecutionUseCase getExecution,
                               ListExecutionsUseCase listExecutions, RetryExecutionUseCase retryExecution,
                               CancelExecutionUseCase cancelExecution, RequestBodyReader bodies,
                               ExecutionDtoMapper mapper) {
        this.executeRule = executeRule;
        this.getExecution = getExecution;
        this.listExecutions = listExecutions;
        this.retryExecution = retryExecution;
        this.cancelExecution = cancelExecution;
        this.bodies = bodies;
        this.mapper = mapper;
    }

    @Operation(operationId = "executeAutomationRule", summary = "Execute automation rule",
            description = "Queues an execution (201, pending) or, with dry_run, evaluates and renders without side effects. automation_rule_id must equal the path id. Needs automation:execute; a dry run (it answers with every action's rendered config) also automation:read.")
    @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, description = "ManualExecutionRequest.",
            content = @Content(mediaType = ApiDocumentation.JSON, schema = @Schema(implementation = ManualExecutionRequest.class)))
    @ApiResponse(responseCode = "201", description = "The execution, with a Location header.")
    @ApiResponse(responseCode = "400", description = "Invalid body, parameter or path id (VALIDATION_ERROR, details.field and details.errors), or a refusal such as RULE_NOT_ACTIVE. Also IDEMPOTENCY_KEY_REUSED.",
            content = @Content(mediaType = ApiDocumentation.JSON, schema = @Schema(implementation = ErrorResponse.class)))
    @NotFoundResponse
    @Post(uri = RULES + "/{id}/execute", consumes = {MediaType.APPLICATION_JSON, MediaType.ALL}, produces = MediaType.APPLICATION_JSON)
    public HttpResponse<DataResponse<AutomationExecutionDto>> execute(@Parameter(hidden = true) Caller caller, @Parameter(description = "The rule or execution id (UUID).", schema = @Schema(type = "string", format = "uuid")) @PathVariable String id,
                                                                      @Parameter(name = IdempotencyKeys.HEADER, in = ParameterIn.HEADER, description = "Extension: 1-255 visible ASCII characters; the same key with the same body returns the first execution, with another body is 400 IDEMPOTENCY_KEY_REUSED.", extensions = @Extension(properties = @ExtensionProperty(name = ApiDocumentation.EXTENSION, value = "true", parseValue = true))) @Nullable @Header(IdempotencyKeys.HEADER) String key,
                                                                      @Nullable @Body String body) {
        caller.require(Permission.EXECUTE);
        RuleId ruleId = new RuleId(Ids.require("id", id));
        Optional<String> idempotencyKey = IdempotencyKeys.key(key);
        ManualExecutionRequest request = bodies.read(body, "ManualExecutionRequest", ManualExecutionRequest.class);
        if (!Ids.parse(request.automationRuleId()).map(ruleId.value()::equals).orElse(false)) {
            throw ValidationException.of("automation_rule_id", "must equal the rule id in the path (" + ruleId + ")");
        }
        ExecutionState state = executeRule.execute(new ExecuteRuleCommand(caller, ruleId,
                request.executionData() == null ? Map.of() : request.executionData(),
                Boolean.TRUE.equals(request.overrideConditions()), Boolean.TRUE.equals(request.dryRun()),
                idempotencyKey, IdempotencyKeys.fingerprint("execute " + ruleId, body)));
        AutomationExecutionDto dto = withLinks(state);
        return HttpResponse.created(new DataResponse<>(dto), URI.create(EXECUTIONS + "/" + dto.executionId()));
    }

    @Operation(operationId = "getAutomationExecution", summary = "Get automation execution",
            description = "The execution with its logs and _links (retry/cancel only when allowed). Needs automation:read.")
    @ApiResponse(responseCode = "200", description = "The execution.")
    @InvalidPathIdResponse
    @NotFoundResponse
    @Get(uri = EXECUTIONS + "/{id}", produces = MediaType.APPLICATION_JSON)
    public DataResponse<AutomationExecutionDto> get(@Parameter(hidden = true) Caller caller, @Parameter(description = "The rule or execution id (UUID).", schema = @Schema(type = "string", format = "uuid")) @PathVariable String id) {
        caller.require(Permission.READ);
        return new DataResponse<>(withLinks(getExecution.get(caller, executionId(id))));
    }

    @Operation(operationId = "listAutomationExecutions", summary = "List automation executions",
            description = "Pages through the tenant's executions with filters. Needs automation:read.")
    @Parameter(name = "page", in = ParameterIn.QUERY, description = "Page number, from 1.", schema = @Schema(type = "integer"))
    @Parameter(name = "limit", in = ParameterIn.QUERY, description = "Page size, 1 to 100 (default 25).", schema = @Schema(type = "integer"))
    @Parameter(name = "order", in = ParameterIn.QUERY, description = "Sort direction (default desc).", schema = @Schema(type = "string", allowableValues = {"asc", "desc"}))
    @Parameter(name = "search", in = ParameterIn.QUERY, description = "Case-insensitive substring search.", schema = @Schema(type = "string"))
    @Parameter(name = "sort", in = ParameterIn.QUERY, description = "Sort field (default created_at).", schema = @Schema(type = "string", allowableValues = {"created_at", "started_at", "completed_at", "duration_ms", "status"}))
    @Parameter(name = "created_from", in = ParameterIn.QUERY, description = "ISO-8601 date-time bound.", schema = @Schema(type = "string", format = "date-time"))
    @Parameter(name = "created_to", in = ParameterIn.QUERY, description = "ISO-8601 date-time bound.", schema = @Schema(type = "string", format = "date-time"))
    @Parameter(name = "updated_from", in = ParameterIn.QUERY, description = "ISO-8601 date-time bound.", schema = @Schema(type = "string", format = "date-time"))
    @Parameter(name = "updated_to", in = ParameterIn.QUERY, description = "ISO-8601 date-time bound.", schema = @Schema(type = "string", format = "date-time"))
    @Parameter(name = "started_from", in = ParameterIn.QUERY, description = "ISO-8601 date-time bound.", schema = @Schema(type = "string", format = "date-time"))
    @Parameter(name = "started_to", in = ParameterIn.QUERY, description = "ISO-8601 date-time bound.", schema = @Schema(type = "string", format = "date-time"))
    @Parameter(name = "automation_rule_id", in = ParameterIn.QUERY, description = "Rule id.", schema = @Schema(type = "string", format = "uuid"))
    @Parameter(name = "status", in = ParameterIn.QUERY, description = "Execution status.", schema = @Schema(type = "string", allowableValues = {"pending", "running", "completed", "failed", "cancelled", "timeout", "skipped"}))
    @Parameter(name = "is_active", in = ParameterIn.QUERY, description = "true: pending or running.", schema = @Schema(type = "boolean"))
    @Parameter(name = "has_errors", in = ParameterIn.QUERY, description = "With an error message.", schema = @Schema(type = "boolean"))
    @Parameter(name = "trigger_type", in = ParameterIn.QUERY, description = "Trigger type of the execution.", schema = @Schema(type = "string"))
    @Parameter(name = "duration_min_ms", in = ParameterIn.QUERY, description = "Lower bound of duration_ms (a number, e.g. 0.5).", schema = @Schema(type = "number"))
    @Parameter(name = "duration_max_ms", in = ParameterIn.QUERY, description = "Upper bound of duration_ms (a number).", schema = @Schema(type = "number"))
    @ApiResponse(responseCode = "200", description = "A page of executions.")
    @InvalidQueryResponse
    @Get(uri = EXECUTIONS, produces = MediaType.APPLICATION_JSON)
    public ListResponse<AutomationExecutionDto> list(@Parameter(hidden = true) Caller caller, HttpRequest<?> request) {
        caller.require(Permission.READ);
        QueryParameters q = new QueryParameters(request.getParameters(), LIST_PARAMETERS);
        PageRequest page = q.page();
        Optional<BigDecimal> durationMin = q.number("duration_min_ms", BigDecimal.ZERO, MAX_DURATION);
        Optional<BigDecimal> durationMax = q.number("duration_max_ms", BigDecimal.ZERO, MAX_DURATION);
        q.range("duration_min_ms", durationMin, "duration_max_ms", durationMax);
        // durations are whole milliseconds: >= 0.5 is >= 1, <= 2.5 is <= 2
        ExecutionFilter filter = new ExecutionFilter(q.uuid("automation_rule_id").map(RuleId::new),
                q.oneOf("status", ExecutionStatus.class), q.instant("started_from"), q.instant("started_to"),
                durationMin.map(d -> d.setScale(0, RoundingMode.CEILING).longValueExact()),
                durationMax.map(d -> d.setScale(0, RoundingMode.FLOOR).longValueExact()),
                q.bool("has_errors"), q.oneOf("trigger_type", TriggerType.class), q.text("search"),
                q.instant("created_from"), q.instant("created_to"), q.instant("updated_from"), q.instant("updated_to"),
                q.bool("is_active"),
                q.oneOf("sort", ExecutionFilter.SortField.class).orElse(ExecutionFilter.SortField.CREATED_AT),
                q.oneOf("order", SortOrder.class).orElse(SortOrder.DESC));
        q.range("started_from", filter.startedFrom(), "started_to", filter.startedTo());
        q.range("created_from", filter.createdFrom(), "created_to", filter.createdTo());
        q.range("updated_from", filter.updatedFrom(), "updated_to", filter.updatedTo());
        q.validate();
        Page<ExecutionState> executions = listExecutions.list(caller, filter, page);
        return new ListResponse<>(executions.items().stream().map(this::withLinks).toList(),
                ListResponse.Pagination.of(executions), new ListResponse.Meta(q.filters(), "automation_execution"));
    }

    @Operation(operationId = "retryAutomationExecution", summary = "Retry automation execution",
            description = "Puts a failed (extension: or timed-out) execution back to pending. Extension: optional body {\"from\": \"start\" | \"failed_action\"} and Idempotency-Key. Needs automation:execute and automation:read.")
    @io.swagger.v3.oas.annotations.parameters.RequestBody(required = false, description = "Extension: where the retry starts (default start).", extensions = @Extension(properties = @ExtensionProperty(name = ApiDocumentation.EXTENSION, value = "true", parseValue = true)),
            content = @Content(mediaType = ApiDocumentation.JSON, schema = @Schema(implementation = RetryRequest.class)))
    @ApiResponse(responseCode = "200", description = "The execution, pending again.")
    @ApiResponse(responseCode = "400", description = "Invalid UUID or body, or INVALID_EXECUTION_STATUS (details.current_status).",
            content = @Content(mediaType = ApiDocumentation.JSON, schema = @Schema(implementation = ErrorResponse.class)))
    @NotFoundResponse
    /** Retry; extension: optional body {@code {"from": "start" | "failed_action"}} (default start). */
    @Post(uri = EXECUTIONS + "/{id}/retry", consumes = {MediaType.APPLICATION_JSON, MediaType.ALL},
            produces = MediaType.APPLICATION_JSON)
    public DataResponse<AutomationExecutionDto> retry(@Parameter(hidden = true) Caller caller, @Parameter(description = "The rule or execution id (UUID).", schema = @Schema(type = "string", format = "uuid")) @PathVariable String id,
                                                      @Parameter(name = IdempotencyKeys.HEADER, in = ParameterIn.HEADER, description = "Extension: 1-255 visible ASCII characters; the same key with the same body returns the first execution, with another body is 400 IDEMPOTENCY_KEY_REUSED.", extensions = @Extension(properties = @ExtensionProperty(name = ApiDocumentation.EXTENSION, value = "true", parseValue = true))) @Nullable @Header(IdempotencyKeys.HEADER) String key,
                                                      @Nullable @Body String body) {
        caller.require(Permission.EXECUTE);
        caller.require(Permission.READ);
        ExecutionId executionId = executionId(id);
        Optional<String> idempotencyKey = IdempotencyKeys.key(key);
        RetryFrom from = retryFrom(body);
        return new DataResponse<>(withLinks(retryExecution.retry(caller, executionId, from, idempotencyKey)));
    }

    @Operation(operationId = "cancelAutomationExecution", summary = "Cancel automation execution",
            description = "Extension: cancels a pending or running execution (a running one is interrupted at its next lease renewal). Needs automation:execute and automation:read.",
            extensions = @Extension(properties = @ExtensionProperty(name = ApiDocumentation.EXTENSION, value = "true", parseValue = true)))
    @ApiResponse(responseCode = "200", description = "The cancelled execution.")
    @ApiResponse(responseCode = "400", description = "Invalid UUID, a non-empty body, or INVALID_EXECUTION_STATUS.",
            content = @Content(mediaType = ApiDocumentation.JSON, schema = @Schema(implementation = ErrorResponse.class)))
    @NotFoundResponse
    /** Extension: cancels a pending or running execution. */
    @Post(uri = EXECUTIONS + "/{id}/cancel", consumes = {MediaType.APPLICATION_JSON, MediaType.ALL},
            produces = MediaType.APPLICATION_JSON)
    public DataResponse<AutomationExecutionDto> cancel(@Parameter(hidden = true) Caller caller, @Parameter(description = "The rule or execution id (UUID).", schema = @Schema(type = "string", format = "uuid")) @PathVariable String id,
                                                       @Nullable @Body String body) {
        caller.require(Permission.EXECUTE);
        caller.require(Permission.READ);
        ExecutionId executionId = executionId(id);
        if (body != null && !body.isBlank()) {
            bodies.readObject(body, Set.of());
        }
        return new DataResponse<>(withLinks(cancelExecution.cancel(caller, executionId)));
    }

    /** Extension: the optional body of retry. */
    @Schema(name = "RetryExecutionRequest", extensions = @Extension(properties = @ExtensionProperty(name = ApiDocumentation.EXTENSION, value = "true", parseValue = true)))
    record RetryRequest(@Schema(allowableValues = {"start", "failed_action"}, defaultValue = "start") String from) {
    }

    private RetryFrom retryFrom(String body) {
        if (body == null || body.isBlank()) {
            return RetryFrom.START;
        }
        Map<String, Object> fields = bodies.readObject(body, Set.of("from"));
        Object from = fields.get("from");
        if (from == null) {
            return RetryFrom.START;
        }
        return (from instanceof String s ? WireEnum.parse(RetryFrom.class, s) : Optional.<RetryFrom>empty())
                .orElseThrow(() -> ValidationException.of("from", "must be one of start, failed_action"));
    }

    private static ExecutionId executionId(String id) {
        return new ExecutionId(Ids.require("id", id));
    }

    private AutomationExecutionDto withLinks(ExecutionState state) {
        return mapper.toDto(state).withLinks(ResourceLinks.execution(state.id(), state.ruleId(),
                state.status().isRetryable(), state.status().isInFlight()));
    }
}
