package io.ruleworks.adapter.in.http.hook;

import io.ruleworks.adapter.in.http.openapi.ApiDocumentation;
import io.ruleworks.adapter.in.http.openapi.StandardErrors;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.extensions.Extension;
import io.swagger.v3.oas.annotations.extensions.ExtensionProperty;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.ruleworks.adapter.in.http.error.ErrorResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.ruleworks.adapter.in.http.DataResponse;
import io.ruleworks.adapter.in.http.Ids;
import io.ruleworks.application.port.in.hook.RotateHookSecretUseCase;
import io.ruleworks.application.port.in.hook.RotateHookSecretUseCase.RotatedHookSecret;
import io.ruleworks.domain.access.Caller;
import io.ruleworks.domain.access.Permission;
import io.ruleworks.domain.rule.RuleId;

/** Our extension: {@code POST /rules/{id}/hook-secret/rotate} issues a webhook rule's new signing secret. */
@Controller("/api/v1/automation/rules")
@Tag(name = ApiDocumentation.RULES)
@StandardErrors
@ExecuteOn(TaskExecutors.BLOCKING)
public class HookSecretController {

    private final RotateHookSecretUseCase rotate;
    private final HookUrls urls;

    public HookSecretController(RotateHookSecretUseCase rotate, HookUrls urls) {
        this.rotate = rotate;
        this.urls = urls;
    }

    @Operation(operationId = "rotateAutomationRuleHookSecret", summary = "Rotate a webhook rule's signing secret",
            description = "Extension: issues a new signing secret for the rule's inbound hook, shown once; the previous one stays valid for the rotation grace period. Needs automation:update.",
            extensions = @Extension(properties = @ExtensionProperty(name = ApiDocumentation.EXTENSION, value = "true", parseValue = true)))
    @ApiResponse(responseCode = "200", description = "The new secret and until when the previous one is accepted.")
    @ApiResponse(responseCode = "404", description = "No such rule in the tenant.", content = @Content(mediaType = ApiDocumentation.JSON, schema = @Schema(implementation = ErrorResponse.class)))
    @ApiResponse(responseCode = "409", description = "The rule is not webhook-triggered (RULE_NOT_WEBHOOK_TRIGGERED).", content = @Content(mediaType = ApiDocumentation.JSON, schema = @Schema(implementation = ErrorResponse.class)))
    @Post(uri = "/{id}/hook-secret/rotate", consumes = MediaType.ALL, produces = MediaType.APPLICATION_JSON)
    public DataResponse<HookSecretDto> rotate(@Parameter(hidden = true) Caller caller,
                                            @Parameter(description = "The rule id (UUID).", schema = @Schema(type = "string", format = "uuid"))
                                            @PathVariable String id) {
        caller.require(Permission.UPDATE);
        RotatedHookSecret rotated = rotate.rotate(caller, new RuleId(Ids.require("id", id)));
        return new DataResponse<>(urls.issued(rotated.rule(), rotated.secret(),
                rotated.previousValidUntil().orElse(null)));
    }
}
