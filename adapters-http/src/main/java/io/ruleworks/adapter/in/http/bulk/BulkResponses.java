package io.ruleworks.adapter.in.http.bulk;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;
import io.ruleworks.adapter.in.http.openapi.ApiDocumentation;
import io.ruleworks.application.port.in.rule.BulkItemResult;
import io.swagger.v3.oas.annotations.extensions.Extension;
import io.swagger.v3.oas.annotations.extensions.ExtensionProperty;
import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;
import java.util.UUID;

/**
 * The data of BulkStatusUpdateResponse and BulkExecuteResponse. Extension: {@code results} lists
 * every rule in request order with its outcome and, when refused, the error code a single request
 * would have received ({@code errors} keeps the contract's "{@code <rule id>: <message>}" strings).
 */
final class BulkResponses {

    private BulkResponses() {
    }

    @Serdeable(naming = SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.ALWAYS)
    @Schema(name = "BulkStatusUpdateData")
    record BulkStatusUpdateData(String action, String status, List<UUID> ruleIds, int updated, List<String> errors,
                                String message,
                                @Schema(description = "Extension: every rule in request order with its outcome.", extensions = @Extension(properties = @ExtensionProperty(name = ApiDocumentation.EXTENSION, value = "true", parseValue = true))) List<ItemResult> results) {
    }

    @Serdeable(naming = SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.ALWAYS)
    @Schema(name = "BulkExecuteData")
    record BulkExecuteData(String action, List<UUID> ruleIds, int started, List<String> errors, boolean sequential,
                           String message,
                           @Schema(description = "Extension: every rule in request order with its outcome.", extensions = @Extension(properties = @ExtensionProperty(name = ApiDocumentation.EXTENSION, value = "true", parseValue = true))) List<ItemResult> results) {
    }

    @Serdeable(naming = SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(name = "BulkItemResult", description = "Extension: one rule's outcome in a bulk operation.", extensions = @Extension(properties = @ExtensionProperty(name = ApiDocumentation.EXTENSION, value = "true", parseValue = true)))
    record ItemResult(UUID ruleId, String outcome, UUID executionId, ItemError error) {

        static ItemResult of(BulkItemResult result, String success) {
            return new ItemResult(result.ruleId().value(), result.succeeded() ? success : "failed",
                    result.executionId().map(e -> e.value()).orElse(null),
                    result.failure().map(f -> new ItemError(f.code(), f.message())).orElse(null));
        }
    }

    @Serdeable
    @Schema(name = "BulkItemError")
    record ItemError(String code, String message) {
    }

    static List<String> errors(List<BulkItemResult> results) {
        return results.stream()
                .flatMap(r -> r.failure().stream().map(f -> r.ruleId() + ": " + f.code() + ": " + f.message()))
                .toList();
    }
}
