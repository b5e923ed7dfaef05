package io.ruleworks.application.port.in.access;

import io.ruleworks.domain.access.ApiKeyId;
import io.ruleworks.domain.access.Permission;
import io.ruleworks.domain.shared.TenantId;

import java.time.Instant;
import java.util.Optional;
import java.util.Set;

public interface IssueApiKeyUseCase {

    /** Issues a key; the secret is in the result and nowhere else. A new tenant is made when none is named. */
    IssuedApiKey issue(IssueApiKeyCommand command);

    /**
     * On a service that has no API key at all, creates the default tenant and an admin key with
     * every permission; empty when keys exist already.
     */
    Optional<IssuedApiKey> issueFirstAdminKey();

    record IssueApiKeyCommand(Optional<TenantId> tenant, Set<Permission> permissions, Optional<Instant> expiresAt,
                              Optional<Long> usageLimit) {
        public IssueApiKeyCommand {
            permissions = Set.copyOf(permissions);
        }
    }

    record IssuedApiKey(String apiKey, ApiKeyId keyId, TenantId tenant, Set<Permission> permissions) {
    }
}
