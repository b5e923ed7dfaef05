package io.ruleworks.bootstrap.http.support;

import io.ruleworks.application.port.in.access.IssueApiKeyUseCase;
import io.ruleworks.application.port.in.access.IssueApiKeyUseCase.IssueApiKeyCommand;
import io.ruleworks.application.port.in.access.IssueApiKeyUseCase.IssuedApiKey;
import io.ruleworks.domain.access.Permission;
import io.ruleworks.domain.shared.TenantId;

import java.time.Instant;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/** Issues API keys through the service's own use case, the way an operator would. */
public final class Keys {

    private final IssueApiKeyUseCase issuer;

    public Keys(IssueApiKeyUseCase issuer) {
        this.issuer = issuer;
    }

    /** A key with every permission, for a brand-new tenant. */
    public IssuedApiKey adminOfNewTenant() {
        return issue(Optional.empty(), EnumSet.allOf(Permission.class), Optional.empty(), Optional.empty());
    }

    /** Another key with every permission for {@code tenant}. */
    public IssuedApiKey adminOf(TenantId tenant) {
        return forTenant(tenant, EnumSet.allOf(Permission.class));
    }

    /** A key for {@code tenant} with only {@code permissions}. */
    public IssuedApiKey forTenant(TenantId tenant, Set<Permission> permissions) {
        return issue(Optional.of(tenant), permissions, Optional.empty(), Optional.empty());
    }

    /** A key for {@code tenant} with every permission except {@code missing}. */
    public IssuedApiKey without(TenantId tenant, Permission missing) {
        EnumSet<Permission> permissions = EnumSet.allOf(Permission.class);
        permissions.remove(missing);
        return forTenant(tenant, permissions);
    }

    public IssuedApiKey withUsageLimit(TenantId tenant, long limit) {
        return issue(Optional.of(tenant), EnumSet.allOf(Permission.class), Optional.empty(), Optional.of(limit));
    }

    public IssuedApiKey expiringAt(TenantId tenant, Instant expiresAt) {
        return issue(Optional.of(tenant), EnumSet.allOf(Permission.class), Optional.of(expiresAt), Optional.empty());
    }

    private IssuedApiKey issue(Optional<TenantId> tenant, Set<Permission> permissions, Optional<Instant> expiresAt,
                               Optional<Long> usageLimit) {
        return issuer.issue(new IssueApiKeyCommand(tenant, permissions, expiresAt, usageLimit));
    }
}
