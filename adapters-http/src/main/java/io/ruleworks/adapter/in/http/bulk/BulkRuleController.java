package io.ruleworks.adapter.in.http.bulk;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.ruleworks.adapter.in.http.DataResponse;
import io.ruleworks.adapter.in.http.bulk.BulkRequests.BulkExecuteRequest;
import io.ruleworks.adapter.in.http.bulk.BulkRequests.BulkStatusUpdateRequest;
import io.ruleworks.adapter.in.http.bulk.BulkResponses.BulkExecuteData;
import io.ruleworks.adapter.in.http.bulk.BulkResponses.BulkStatusUpdateData;
import io.ruleworks.adapter.in.http.bulk.BulkResponses.ItemResult;
import io.ruleworks.adapter.in.http.json.RequestBodyReader;
import io.ruleworks.adapter.in.http.openapi.ApiDocumentation;
import io.ruleworks.adapter.in.http.openapi.InvalidBodyResponse;
import io.ruleworks.adapter.in.http.openapi.StandardErrors;
import io.ruleworks.application.port.in.rule.BulkExecuteRulesUseCase;
import io.ruleworks.application.port.in.rule.BulkExecuteRulesUseCase.BulkExecuteCommand;
import io.ruleworks.application.port.in.rule.BulkItemResult;
import io.ruleworks.application.port.in.rule.BulkUpdateRuleStatusUseCase;
import io.ruleworks.application.port.in.rule.BulkUpdateRuleStatusUseCase.BulkStatusCommand;
import io.ruleworks.domain.access.Caller;
import io.ruleworks.domain.access.Permission;
import io.ruleworks.domain.rule.RuleId;
import io.ruleworks.domain.rule.RuleStatus;
import io.ruleworks.domain.shared.WireEnum;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The contract's bulk operations on rules. Partial failures answer 200 with every rule's outcome;
 * only a bad body (400) or a missing permission (403) refuses the whole request.
 */
@Controller(BulkRuleController.BASE)
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = ApiDocumentation.RULES)
@StandardErrors
public class BulkRuleController {

    public static final String BASE = "/api/v1/automation/rules";

    private final BulkUpdateRuleStatusUseCase updateStatus;
    private final BulkExecuteRulesUseCase executeRules;
    private final RequestBodyReader bodies;

    public BulkRuleController(BulkUpdateRuleStatusUseCase updateStatus, BulkExecuteRulesUseCase executeRules,
                              RequestBodyReader bodies) {
        this.updateStatus = updateStatus;
        this.executeRules = executeRules;
        this.bodies = bodies;
    }

    @Operation(operationId = "bulkUpdateAutomationRuleStatus", summary = "Bulk update rule status",
            description = "Sets the status of each rule in its own transaction; 200 even when some fail (errors, and the extension results). Needs automation:update.")
    @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, description = "BulkStatusUpdateRequest.",
            content = @Content(mediaType = ApiDocumentation.JSON, schema = @Schema(implementation = BulkRequests.BulkStatusUpdateRequest.class)))
    @ApiResponse(responseCode = "200", description = "Per-rule outcome.")
    @InvalidBodyResponse
    @Post(uri = "/bulk-status", consumes = {MediaType.APPLICATION_JSON, MediaType.ALL}, produces = MediaType.APPLICATION_JSON)
    public DataResponse<BulkStatusUpdateData> bulkStatus(@Parameter(hidden = true) Caller caller, @Nullable @Body String body) {
        caller.require(Permission.UPDATE);
        BulkStatusUpdateRequest request = bodies.read(body, "BulkStatusUpdateRequest", BulkStatusUpdateRequest.class);
        RuleStatus status = WireEnum.parse(RuleStatus.class, request.status()).orElseThrow();
        List<BulkItemResult> results = updateStatus.updateStatus(new BulkStatusCommand(caller,
                ruleIds(request.ids()), status));
        int updated = (int) results.stream().filter(BulkItemResult::succeeded).count();
        return new DataResponse<>(new BulkStatusUpdateData("bulk_status_update", status.wire(), ids(results), updated,
                BulkResponses.errors(results), updated + " of " + results.size() + " rules set to " + status.wire(),
                results.stream().map(r -> ItemResult.of(r, "updated")).toList()));
    }

    @Operation(operationId = "bulkExecuteAutomationRules", summary = "Bulk execute rules",
            description = "Queues an execution per rule, each in its own transaction; sequential_execution chains them. 200 even when some fail. Needs automation:execute.")
    @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, description = "BulkExecuteRequest.",
            content = @Content(mediaType = ApiDocumentation.JSON, schema = @Schema(implementation = BulkRequests.BulkExecuteRequest.class)))
    @ApiResponse(responseCode = "200", description = "Per-rule outcome.")
    @InvalidBodyResponse
    @Post(uri = "/bulk-execute", consumes = {MediaType.APPLICATION_JSON, MediaType.ALL}, produces = MediaType.APPLICATION_JSON)
    public DataResponse<BulkExecuteData> bulkExecute(@Parameter(hidden = true) Caller caller, @Nullable @Body String body) {
        caller.require(Permission.EXECUTE);
        BulkExecuteRequest request = bodies.read(body, "BulkExecuteRequest", BulkExecuteRequest.class);
        boolean sequential = Boolean.TRUE.equals(request.sequentialExecution());
        List<BulkItemResult> results = executeRules.execute(new BulkExecuteCommand(caller,
                ruleIds(request.automationRuleIds()),
                request.executionData() == null ? Map.of() : request.executionData(),
                Boolean.TRUE.equals(request.overrideConditions()), sequential));
        int started = (int) results.stream().filter(BulkItemResult::succeeded).count();
        return new DataResponse<>(new BulkExecuteData("bulk_execute", ids(results), started,
                BulkResponses.errors(results), sequential,
                started + " of " + results.size() + " rules started" + (sequential ? " (chained in order)" : ""),
                results.stream().map(r -> ItemResult.of(r, "started")).toList()));
    }

    /** The body was validated against the contract (format uuid), so every id parses. */
    private static List<RuleId> ruleIds(List<String> ids) {
        return ids.stream().map(UUID::fromString).map(RuleId::new).toList();
    }

    private static List<UUID> ids(List<BulkItemResult> results) {
        return results.stream().map(r -> r.ruleId().value()).toList();
    }
}
