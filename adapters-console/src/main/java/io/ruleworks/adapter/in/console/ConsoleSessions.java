package io.ruleworks.adapter.in.console;

import io.micronaut.context.annotation.Value;
import io.ruleworks.domain.access.Caller;
import jakarta.inject.Singleton;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The console's server-side sessions, held in this instance's memory: the cookie carries only a
 * random 256-bit id. A session ends at sign-out, after {@code idle-timeout} without a request, or
 * {@code absolute-timeout} after sign-in, whichever comes first. Several instances behind one
 * address need sticky sessions (docs/console.md).
 */
@Singleton
public class ConsoleSessions {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Map<String, ConsoleSession> sessions = new ConcurrentHashMap<>();
    private final Clock clock;
    private final Duration idleTimeout;
    private final Duration absoluteTimeout;
    private final int maxSessions;

    public ConsoleSessions(Clock clock,
                           @Value("${ruleworks.console.idle-timeout:30m}") Duration idleTimeout,
                           @Value("${ruleworks.console.absolute-timeout:8h}") Duration absoluteTimeout,
                           @Value("${ruleworks.console.max-sessions:10000}") int maxSessions) {
        this.clock = clock;
        this.idleTimeout = idleTimeout;
        this.absoluteTimeout = absoluteTimeout;
        this.maxSessions = maxSessions;
    }

    /** A new session for {@code caller}; expired sessions are swept first, and the oldest go when the cap is reached. */
    public ConsoleSession open(Caller caller) {
        Instant now = clock.instant();
        sessions.values().removeIf(s -> expired(s, now));
        while (sessions.size() >= maxSessions) {
            sessions.values().stream().min(java.util.Comparator.comparing(ConsoleSession::lastSeen))
                    .ifPresent(oldest -> sessions.remove(oldest.id()));
        }
        ConsoleSession session = new ConsoleSession(randomToken(), caller, randomToken(), now);
        sessions.put(session.id(), session);
        return session;
    }

    /** The live session with this id, its idle clock restarted; empty (and forgotten) when it has expired. */
    public Optional<ConsoleSession> find(String id) {
        if (id == null) {
            return Optional.empty();
        }
        ConsoleSession session = sessions.get(id);
        if (session == null) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        if (expired(session, now)) {
            sessions.remove(id);
            return Optional.empty();
        }
        session.touch(now);
        return Optional.of(session);
    }

    public void close(String id) {
        if (id != null) {
            sessions.remove(id);
        }
    }

    /** Seconds the session cookie may live: the absolute timeout. */
    public long cookieMaxAgeSeconds() {
        return absoluteTimeout.toSeconds();
    }

    /** Constant-time comparison of a submitted CSRF token with the session's. */
    public static boolean csrfMatches(ConsoleSession session, String submitted) {
        return submitted != null && MessageDigest.isEqual(session.csrfToken().getBytes(StandardCharsets.UTF_8),
                submitted.getBytes(StandardCharsets.UTF_8));
    }

    private boolean expired(ConsoleSession s, Instant now) {
        return !now.isBefore(s.lastSeen().plus(idleTimeout)) || !now.isBefore(s.createdAt().plus(absoluteTimeout));
    }

    private static String randomToken() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
