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

    /**
     * {@link #authenticate} where it needs no database round trip, so that a caller on a thread that
     * must not block (the HTTP server's event loop) can answer most requests there: the caller when
     * the key is held in memory and has no usage limit, the same exceptions as {@link #authenticate}
     * for a request refused by its headers or by the held key. Empty when only {@link #authenticate}
     * can tell (the key is not held, or its use must be counted on its row); nothing was counted then.
     */
    default Optional<Caller> authenticateWithoutBlocking(Optional<String> apiKey, Optional<String> tenantHeader) {
        return Optional.empty();
    }
}
