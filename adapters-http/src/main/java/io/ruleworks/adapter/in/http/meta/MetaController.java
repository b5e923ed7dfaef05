package io.ruleworks.adapter.in.http.meta;

import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.ruleworks.adapter.in.http.DataResponse;
import io.ruleworks.adapter.in.http.openapi.ApiDocumentation;
import io.ruleworks.adapter.in.http.openapi.StandardErrors;
import io.ruleworks.application.port.in.catalog.DescribeAutomationUseCase;
import io.ruleworks.domain.access.Caller;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

import java.util.Map;

/** The contract's GET /meta: the reference catalog, extended with every trigger and action config's JSON Schema. */
@Controller(MetaController.PATH)
@Tag(name = ApiDocumentation.META)
@StandardErrors
public class MetaController {

    public static final String PATH = "/api/v1/automation/meta";

    private final DescribeAutomationUseCase describe;

    public MetaController(DescribeAutomationUseCase describe) {
        this.describe = describe;
    }

    @Get(produces = MediaType.APPLICATION_JSON)
    @Operation(operationId = "getAutomationMeta", summary = "Get automation metadata",
            description = "The contract's enum lists (trigger_types, action_types, rule_statuses, execution_statuses, "
                    + "priority_levels, condition_operators) and, as extensions, condition_logic_operators, data_types, "
                    + "schedule_types, misfire_policies, http_methods, authentication_types, log_levels, retry_from, "
                    + "template_variable_types, and trigger_config_schemas / action_config_schemas: the JSON Schema "
                    + "(2020-12) of each type's config, generated from the code that validates it. Needs automation:read.")
    @ApiResponse(responseCode = "200", description = "The catalog.")
    public DataResponse<MetaData> meta(@Parameter(hidden = true) Caller caller) {
        return new DataResponse<>(MetaData.of(describe.describe(caller)));
    }
}
