package io.ruleworks.adapter.in.http.rule;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.micronaut.serde.annotation.Serdeable;
import io.ruleworks.adapter.in.http.hook.HookSecretDto;

/** The contract's AutomationRule, plus our {@code webhook} extension when the operation issued a hook secret. */
@Serdeable
public record RuleWithHookSecretDto(@JsonUnwrapped AutomationRuleDto rule,
                                    @JsonInclude(JsonInclude.Include.NON_NULL) HookSecretDto webhook) {
}
