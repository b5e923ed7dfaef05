package io.ruleworks.adapter.in.console;

import io.ruleworks.domain.access.Caller;
import io.ruleworks.domain.access.Permission;

import java.time.Instant;
import java.util.Objects;

/**
 * A signed-in operator: the {@link Caller} its API key resolved to at sign-in, the CSRF token
 * every state-changing form must send back, and the times the idle and absolute timeouts run from.
 */
public final class ConsoleSession {

    private final String id;
    private final Caller caller;
    private final String csrfToken;
    private final Instant createdAt;
    private volatile Instant lastSeen;

    ConsoleSession(String id, Caller caller, String csrfToken, Instant createdAt) {
        this.id = Objects.requireNonNull(id);
        this.caller = Objects.requireNonNull(caller);
        this.csrfToken = Objects.requireNonNull(csrfToken);
        this.createdAt = Objects.requireNonNull(createdAt);
        this.lastSeen = createdAt;
    }

    String id() {
        return id;
    }

    public Caller caller() {
        return caller;
    }

    public String csrfToken() {
        return csrfToken;
    }

    public boolean may(Permission permission) {
        return caller.permissions().contains(permission);
    }

    Instant createdAt() {
        return createdAt;
    }

    Instant lastSeen() {
        return lastSeen;
    }

    void touch(Instant now) {
        lastSeen = now;
    }
}
