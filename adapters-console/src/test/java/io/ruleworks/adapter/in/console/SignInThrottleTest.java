package io.ruleworks.adapter.in.console;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class SignInThrottleTest {

    private final MutableClock clock = new MutableClock();
    private final SignInThrottle throttle = new SignInThrottle(clock, 3, Duration.ofMinutes(5));

    @Test
    void an_address_is_refused_after_the_allowed_failures_until_the_window_passes() {
        for (int i = 0; i < 3; i++) {
            assertThat(throttle.allows("10.0.0.1")).isTrue();
            throttle.failed("10.0.0.1");
            clock.advance(Duration.ofSeconds(10));
        }
        assertThat(throttle.allows("10.0.0.1")).isFalse();
        assertThat(throttle.retryAfterSeconds("10.0.0.1")).isEqualTo(270);
        assertThat(throttle.allows("10.0.0.2")).as("another address").isTrue();
        clock.advance(Duration.ofSeconds(270));
        assertThat(throttle.allows("10.0.0.1")).isTrue();
    }
}
