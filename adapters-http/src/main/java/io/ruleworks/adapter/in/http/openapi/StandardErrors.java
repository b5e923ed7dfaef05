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

/**
 * The error answers every API operation can give, in the contract's envelope: 401 (no or bad API
 * key), 403 (missing permission or foreign x-tenant-id), 500 and 503 (database or broker down, with
 * Retry-After). Put it on each controller; add the operation's own 400/404/409 with @ApiResponse.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@ApiResponse(responseCode = "401", description = "API key missing, unknown, inactive, expired or over its usage limit (`details.reason`).",
        content = @Content(mediaType = ApiDocumentation.JSON, schema = @Schema(implementation = ErrorResponse.class)))
@ApiResponse(responseCode = "403", description = "The key lacks the operation's permission (`details.required_permission`) or x-tenant-id is not the key's tenant.",
        content = @Content(mediaType = ApiDocumentation.JSON, schema = @Schema(implementation = ErrorResponse.class)))
@ApiResponse(responseCode = "500", description = "Unexpected failure (INTERNAL_ERROR), without internals.",
        content = @Content(mediaType = ApiDocumentation.JSON, schema = @Schema(implementation = ErrorResponse.class)))
@ApiResponse(responseCode = "503", description = "Extension: the database or broker is unavailable (SERVICE_UNAVAILABLE, with Retry-After).",
        content = @Content(mediaType = ApiDocumentation.JSON, schema = @Schema(implementation = ErrorResponse.class)))
public @interface StandardErrors {
}
