package io.ruleworks.adapter.in.http.bulk;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.ruleworks.adapter.in.http.DataResponse;
import io.ruleworks.adapter.in.http.json.RequestBodyReader;
import io.ruleworks.adapter.in.http.bulk.BulkRequests.BulkExecuteRequest;
import io.ruleworks.adapter.in.http.bulk.BulkRequests.BulkStatusUpdateRequest;
import io.ruleworks.adapter.in.http.bulk.BulkResponses.BulkExecuteData;
import io.ruleworks.adapter.in.http.bulk.BulkResponses.BulkStatusUpdateData;
import io.ruleworks.adapter.in.http.bulk.BulkResponses.ItemResult;
import io.ruleworks.application.port.in.BulkExecuteRulesUseCase;
import io.ruleworks.application.port.in.BulkExecuteRulesUseCase.BulkExecuteCommand;
import io.ruleworks.application.port.in.BulkItemResult;
import io.ruleworks.application.port.in.BulkUpdateRuleStatusUseCase;
import io.ruleworks.application.port.in.BulkUpdateRuleStatusUseCase.BulkStatusCommand;
import io.ruleworks.domain.access.Caller;
import io.ruleworks.domain.access.Permission;
import io.ruleworks.domain.rule.RuleId;
import io.ruleworks.domain.rule.RuleStatus;
import io.ruleworks.domain.shared.WireEnum;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The contract's bulk operations on rules. Partial failures answer 200 with every rule's outcome;
 * only a bad body (400) or a missing permission (403) refuses the whole request.
 */
@Controller(BulkRuleController.BASE)
@ExecuteOn(TaskExecutors.BLOCKING)
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

    @Post(uri = "/bulk-status", consumes = MediaType.APPLICATION_JSON, produces = MediaType.APPLICATION_JSON)
    public DataResponse<BulkStatusUpdateData> bulkStatus(Caller caller, @Nullable @Body String body) {
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

    @Post(uri = "/bulk-execute", consumes = MediaType.APPLICATION_JSON, produces = MediaType.APPLICATION_JSON)
    public DataResponse<BulkExecuteData> bulkExecute(Caller caller, @Nullable @Body String body) {
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
