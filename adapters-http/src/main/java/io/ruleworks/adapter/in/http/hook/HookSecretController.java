package io.ruleworks.adapter.in.http.hook;

import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.ruleworks.adapter.in.http.DataResponse;
import io.ruleworks.adapter.in.http.Ids;
import io.ruleworks.application.port.in.RotateHookSecretUseCase;
import io.ruleworks.application.port.in.RotateHookSecretUseCase.RotatedHookSecret;
import io.ruleworks.domain.access.Caller;
import io.ruleworks.domain.access.Permission;
import io.ruleworks.domain.rule.RuleId;

/** Our extension: {@code POST /rules/{id}/hook-secret/rotate} issues a webhook rule's new signing secret. */
@Controller("/api/v1/automation/rules")
@ExecuteOn(TaskExecutors.BLOCKING)
public class HookSecretController {

    private final RotateHookSecretUseCase rotate;
    private final HookUrls urls;

    public HookSecretController(RotateHookSecretUseCase rotate, HookUrls urls) {
        this.rotate = rotate;
        this.urls = urls;
    }

    @Post(uri = "/{id}/hook-secret/rotate", consumes = MediaType.ALL, produces = MediaType.APPLICATION_JSON)
    public DataResponse<HookSecretDto> rotate(Caller caller, @PathVariable String id) {
        caller.require(Permission.UPDATE);
        RotatedHookSecret rotated = rotate.rotate(caller, new RuleId(Ids.require("id", id)));
        return new DataResponse<>(urls.issued(rotated.rule(), rotated.secret(),
                rotated.previousValidUntil().orElse(null)));
    }
}
