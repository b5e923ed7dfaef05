package io.ruleworks.domain.execution;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

import java.math.BigInteger;
import java.time.Duration;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

class RetryPolicyPropertyTest {

    private static final long MAX_CAP_NANOS = Long.MAX_VALUE - 1;

    /** base + extra, kept within the largest cap a policy accepts. */
    private static long capNanos(long baseNanos, long extraNanos) {
        return baseNanos + Math.min(extraNanos, MAX_CAP_NANOS - baseNanos);
    }

    @Property
    void every_delay_lies_between_zero_and_the_ceiling(@ForAll @LongRange(min = 1, max = 3_600_000_000_000L) long baseNanos,
                                                       @ForAll @LongRange(min = 0, max = MAX_CAP_NANOS) long extraNanos,
                                                       @ForAll @IntRange(min = 1, max = Integer.MAX_VALUE) int attempt,
                                                       @ForAll long seed) {
        Duration base = Duration.ofNanos(baseNanos);
        Duration cap = Duration.ofNanos(capNanos(baseNanos, extraNanos));
        RetryPolicy policy = new RetryPolicy(base, cap, new SplittableRandom(seed));

        Duration delay = policy.delayBefore(attempt);

        assertThat(delay).isGreaterThanOrEqualTo(Duration.ZERO).isLessThanOrEqualTo(policy.maxDelayBefore(attempt));
        assertThat(policy.maxDelayBefore(attempt)).isLessThanOrEqualTo(cap);
    }

    @Property
    void the_ceiling_is_base_doubled_per_attempt_up_to_the_cap(@ForAll @LongRange(min = 1, max = 10_000_000_000L) long baseNanos,
                                                               @ForAll @LongRange(min = 0, max = MAX_CAP_NANOS) long extraNanos,
                                                               @ForAll @IntRange(min = 1, max = 200) int attempt) {
        long capNanos = capNanos(baseNanos, extraNanos);
        RetryPolicy policy = new RetryPolicy(Duration.ofNanos(baseNanos), Duration.ofNanos(capNanos), new SplittableRandom(0));

        BigInteger exact = BigInteger.valueOf(baseNanos).shiftLeft(attempt - 1).min(BigInteger.valueOf(capNanos));

        assertThat(policy.maxDelayBefore(attempt)).isEqualTo(Duration.ofNanos(exact.longValueExact()));
    }

    @Property
    void ceilings_never_decrease(@ForAll @LongRange(min = 1, max = 10_000_000_000L) long baseNanos,
                                 @ForAll @LongRange(min = 0, max = MAX_CAP_NANOS) long extraNanos,
                                 @ForAll @IntRange(min = 1, max = Integer.MAX_VALUE - 1) int attempt) {
        Duration cap = Duration.ofNanos(capNanos(baseNanos, extraNanos));
        RetryPolicy policy = new RetryPolicy(Duration.ofNanos(baseNanos), cap, new SplittableRandom(0));

        assertThat(policy.maxDelayBefore(attempt + 1)).isGreaterThanOrEqualTo(policy.maxDelayBefore(attempt));
    }

    @Property
    void the_same_seed_gives_the_same_delays(@ForAll long seed, @ForAll @IntRange(min = 1, max = 40) int attempt) {
        Duration base = Duration.ofMillis(250);
        Duration cap = Duration.ofMinutes(30);
        RetryPolicy first = new RetryPolicy(base, cap, new SplittableRandom(seed));
        RetryPolicy second = new RetryPolicy(base, cap, new SplittableRandom(seed));

        assertThat(first.delayBefore(attempt)).isEqualTo(second.delayBefore(attempt));
    }
}
