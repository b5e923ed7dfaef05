package io.ruleworks.application.port.in.access;

import io.ruleworks.domain.access.Caller;

import java.util.Optional;

public interface AuthenticateUseCase {

    /**
     * Resolves the caller from the raw {@code x-api-key} and optional {@code x-tenant-id} headers,
     * counting one use of the key. AuthenticationException (401) for a missing or unusable key,
     * PermissionDeniedException (403) for a tenant header that names another tenant.
     */
    Caller authenticate(Optional<String> apiKey, Optional<String> tenantHeader);
}
