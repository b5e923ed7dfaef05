package io.ruleworks.adapter.in.http.openapi;

import io.ruleworks.adapter.in.http.error.ErrorResponse;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** The documented 400 answer to an invalid body, parameter or path id, or a refusal of the core, in the contract's error envelope. */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
@ApiResponse(responseCode = "400", description = "Invalid body, parameter or path id (VALIDATION_ERROR, details.field and details.errors), or a refusal such as RULE_NOT_ACTIVE.",
        content = @Content(mediaType = ApiDocumentation.JSON, schema = @Schema(implementation = ErrorResponse.class)))
public @interface InvalidRequestResponse {
}
