package io.ruleworks.adapter.in.http.hook;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;

import java.time.Instant;

/**
 * Our extension: where a webhook rule's hook listens and its signing secret, shown only in the
 * response that issued the secret (rule created or turned into a webhook rule, secret rotated).
 */
@Serdeable(naming = SnakeCaseStrategy.class)
public record HookSecretDto(String url, String signingSecret,
                            @JsonInclude(JsonInclude.Include.NON_NULL) Instant previousSecretValidUntil) {
}
