package io.ruleworks.adapter.in.http.error;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.serde.annotation.Serdeable;

import java.util.Map;

/** The contract's one error envelope: {@code {"error":{"code","message","details"}}}. */
@Serdeable
public record ErrorResponse(Body error) {

    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Body(String code, String message, Map<String, Object> details) {
    }

    public static ErrorResponse of(String code, String message, Map<String, Object> details) {
        return new ErrorResponse(new Body(code, message, details));
    }
}
