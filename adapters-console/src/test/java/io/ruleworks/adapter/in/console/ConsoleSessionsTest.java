package io.ruleworks.adapter.in.console;

import io.ruleworks.domain.access.ApiKeyId;
import io.ruleworks.domain.access.Caller;
import io.ruleworks.domain.access.Permission;
import io.ruleworks.domain.shared.TenantId;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class ConsoleSessionsTest {

    private final MutableClock clock = new MutableClock();
    private final ConsoleSessions sessions = new ConsoleSessions(clock, Duration.ofMinutes(30), Duration.ofHours(8), 3);
    private final Caller caller = new Caller(new TenantId(UUID.randomUUID()), new ApiKeyId(UUID.randomUUID()),
            Optional.empty(), Set.of(Permission.READ));

    @Test
    void a_session_is_found_by_its_id_with_its_caller() {
        ConsoleSession session = sessions.open(caller);
        assertThat(sessions.find(session.id())).get().extracting(ConsoleSession::caller).isEqualTo(caller);
        assertThat(sessions.find("not-a-session")).isEmpty();
        assertThat(sessions.find(null)).isEmpty();
    }

    @Test
    void ids_and_csrf_tokens_are_random_and_distinct() {
        ConsoleSession a = sessions.open(caller);
        ConsoleSession b = sessions.open(caller);
        assertThat(a.id()).isNotEqualTo(b.id()).hasSizeGreaterThanOrEqualTo(43);
        assertThat(a.csrfToken()).isNotEqualTo(b.csrfToken()).isNotEqualTo(a.id());
    }

    @Test
    void a_session_unused_for_the_idle_timeout_expires() {
        ConsoleSession session = sessions.open(caller);
        clock.advance(Duration.ofMinutes(29));
        assertThat(sessions.find(session.id())).isPresent();
        clock.advance(Duration.ofMinutes(29));
        assertThat(sessions.find(session.id())).as("used 29 minutes ago").isPresent();
        clock.advance(Duration.ofMinutes(30));
        assertThat(sessions.find(session.id())).isEmpty();
    }

    @Test
    void a_session_in_constant_use_still_ends_at_the_absolute_timeout() {
        ConsoleSession session = sessions.open(caller);
        for (int i = 0; i < 16; i++) {
            clock.advance(Duration.ofMinutes(29));
            sessions.find(session.id());
        }
        clock.advance(Duration.ofMinutes(20));
        assertThat(sessions.find(session.id())).as("8 h 4 min after sign-in").isEmpty();
    }

    @Test
    void a_closed_session_is_gone() {
        ConsoleSession session = sessions.open(caller);
        sessions.close(session.id());
        assertThat(sessions.find(session.id())).isEmpty();
    }

    @Test
    void the_least_recently_used_session_makes_room_at_the_cap() {
        ConsoleSession oldest = sessions.open(caller);
        clock.advance(Duration.ofSeconds(1));
        ConsoleSession second = sessions.open(caller);
        clock.advance(Duration.ofSeconds(1));
        sessions.open(caller);
        clock.advance(Duration.ofSeconds(1));
        sessions.open(caller);
        assertThat(sessions.find(oldest.id())).isEmpty();
        assertThat(sessions.find(second.id())).isPresent();
    }

    @Test
    void only_the_sessions_own_csrf_token_matches() {
        ConsoleSession session = sessions.open(caller);
        assertThat(ConsoleSessions.csrfMatches(session, session.csrfToken())).isTrue();
        assertThat(ConsoleSessions.csrfMatches(session, null)).isFalse();
        assertThat(ConsoleSessions.csrfMatches(session, "")).isFalse();
        assertThat(ConsoleSessions.csrfMatches(session, sessions.open(caller).csrfToken())).isFalse();
    }
}
