package io.ruleworks.application.port.in.hook;

import io.ruleworks.domain.access.Caller;
import io.ruleworks.domain.hook.HookSecret;
import io.ruleworks.domain.rule.RuleId;

import java.time.Instant;
import java.util.Optional;

public interface RotateHookSecretUseCase {

    /**
     * Issues a new signing secret for a webhook rule's hook, returned this once. The secret it
     * replaces stays valid until {@code previousValidUntil}.
     */
    RotatedHookSecret rotate(Caller caller, RuleId rule);

    record RotatedHookSecret(RuleId rule, HookSecret secret, Optional<Instant> previousValidUntil) {
    }
}
