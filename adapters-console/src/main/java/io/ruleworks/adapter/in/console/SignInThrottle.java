package io.ruleworks.adapter.in.console;

import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Limits failed console sign-ins per client address: after {@code max-failed-sign-ins} failures
 * within {@code sign-in-window}, further attempts from that address are refused (429) until the
 * oldest failure leaves the window. Successful sign-ins are not counted.
 */
@Singleton
public class SignInThrottle {

    private static final int MAX_ADDRESSES = 100_000;

    private final Map<String, Deque<Instant>> failures = new ConcurrentHashMap<>();
    private final Clock clock;
    private final int maxFailures;
    private final Duration window;

    public SignInThrottle(Clock clock, @Value("${ruleworks.console.max-failed-sign-ins:5}") int maxFailures,
                          @Value("${ruleworks.console.sign-in-window:5m}") Duration window) {
        this.clock = clock;
        this.maxFailures = maxFailures;
        this.window = window;
    }

    /** Whether {@code address} may try to sign in now. */
    public boolean allows(String address) {
        Deque<Instant> recent = failures.get(address);
        if (recent == null) {
            return true;
        }
        synchronized (recent) {
            prune(recent, clock.instant());
            return recent.size() < maxFailures;
        }
    }

    public void failed(String address) {
        if (failures.size() >= MAX_ADDRESSES) {
            Instant now = clock.instant();
            failures.values().removeIf(d -> {
                synchronized (d) {
                    prune(d, now);
                    return d.isEmpty();
                }
            });
        }
        Deque<Instant> recent = failures.computeIfAbsent(address, a -> new ArrayDeque<>());
        synchronized (recent) {
            recent.addLast(clock.instant());
        }
    }

    /** Seconds until {@code address} may try again (at least 1). */
    public long retryAfterSeconds(String address) {
        Deque<Instant> recent = failures.get(address);
        if (recent == null) {
            return 1;
        }
        synchronized (recent) {
            Instant oldest = recent.peekFirst();
            return oldest == null ? 1 : Math.max(1, Duration.between(clock.instant(), oldest.plus(window)).toSeconds());
        }
    }

    private void prune(Deque<Instant> recent, Instant now) {
        while (!recent.isEmpty() && !recent.peekFirst().plus(window).isAfter(now)) {
            recent.removeFirst();
        }
    }
}
