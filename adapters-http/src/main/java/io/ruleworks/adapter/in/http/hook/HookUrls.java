package io.ruleworks.adapter.in.http.hook;

import io.micronaut.context.annotation.Value;
import io.ruleworks.domain.hook.HookSecret;
import io.ruleworks.domain.rule.RuleId;
import jakarta.inject.Singleton;

import java.time.Instant;

/**
 * The address of a rule's hook as shown to its owner: {@code ruleworks.hooks.public-base-url} (the
 * service's address as senders reach it, e.g. https://ruleworks.example.com) followed by the path,
 * or the path alone when that is not set.
 */
@Singleton
public class HookUrls {

    private final String base;

    public HookUrls(@Value("${ruleworks.hooks.public-base-url:}") String base) {
        this.base = base == null ? "" : base.strip().replaceAll("/+$", "");
    }

    public String url(RuleId rule) {
        return base + HookController.path(rule.value());
    }

    public HookSecretDto issued(RuleId rule, HookSecret secret, Instant previousValidUntil) {
        return new HookSecretDto(url(rule), secret.value(), previousValidUntil);
    }
}
