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

/** The documented 404 answer to a record the path names that does not exist in the caller's tenant (another tenant's record looks the same), in the contract's error envelope. */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
@ApiResponse(responseCode = "404", description = "No such record in the caller's tenant (NOT_FOUND).",
        content = @Content(mediaType = ApiDocumentation.JSON, schema = @Schema(implementation = ErrorResponse.class)))
public @interface NotFoundResponse {
}
