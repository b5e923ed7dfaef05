package io.ruleworks.domain.execution;

import java.time.Duration;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Exponential backoff with full jitter, for action retries and execution auto-retries: the delay
 * before retry {@code n} (1 = the first retry) is drawn uniformly from
 * {@code [0, min(cap, base * 2^(n-1))]}, to nanosecond resolution. Full jitter spreads retries of
 * many executions that failed together instead of sending them back in lockstep.
 *
 * <p>Pure apart from the injected random source, which makes tests deterministic (a seeded
 * {@code SplittableRandom}). The policy is as thread-safe as that source: in production pass a
 * thread-safe one such as {@code ThreadLocalRandom.current()} or {@code new java.util.Random()}.
 */
public final class RetryPolicy {

    private final Duration base;
    private final Duration cap;
    private final long baseNanos;
    private final long capNanos;
    private final RandomGenerator random;

    /**
     * @param base   the ceiling of the first retry's delay; positive
     * @param cap    the largest ceiling any retry's delay may have; at least {@code base} and
     *               below about 292 years (it must fit in a long of nanoseconds)
     * @param random the source of jitter
     * @throws IllegalArgumentException if base or cap are out of range
     */
    public RetryPolicy(Duration base, Duration cap, RandomGenerator random) {
        this.base = Objects.requireNonNull(base, "base");
        this.cap = Objects.requireNonNull(cap, "cap");
        this.random = Objects.requireNonNull(random, "random");
        if (base.isNegative() || base.isZero()) {
            throw new IllegalArgumentException("base must be positive, was " + base);
        }
        if (cap.compareTo(base) < 0) {
            throw new IllegalArgumentException("cap (" + cap + ") must not be less than base (" + base + ")");
        }
        try {
            this.capNanos = cap.toNanos();
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("cap must be below " + Duration.ofNanos(Long.MAX_VALUE) + ", was " + cap, e);
        }
        if (capNanos == Long.MAX_VALUE) {
            throw new IllegalArgumentException("cap must be below " + Duration.ofNanos(Long.MAX_VALUE) + ", was " + cap);
        }
        this.baseNanos = base.toNanos();
    }

    public Duration base() {
        return base;
    }

    public Duration cap() {
        return cap;
    }

    /**
     * The largest delay retry {@code attempt} may wait: {@code min(cap, base * 2^(attempt-1))}.
     * Never decreases as {@code attempt} grows.
     *
     * @throws IllegalArgumentException if {@code attempt < 1}
     */
    public Duration maxDelayBefore(int attempt) {
        return Duration.ofNanos(ceilingNanos(attempt));
    }

    /**
     * A random delay in {@code [0, maxDelayBefore(attempt)]}.
     *
     * @param attempt 1 for the first retry, 2 for the second, ...
     * @throws IllegalArgumentException if {@code attempt < 1}
     */
    public Duration delayBefore(int attempt) {
        return Duration.ofNanos(random.nextLong(ceilingNanos(attempt) + 1));
    }

    private long ceilingNanos(int attempt) {
        if (attempt < 1) {
            throw new IllegalArgumentException("attempt must be at least 1, was " + attempt);
        }
        int doublings = attempt - 1;
        // base * 2^doublings without overflow: it exceeds the cap as soon as base > cap >> doublings
        if (doublings >= Long.SIZE - 1 || baseNanos > (capNanos >> doublings)) {
            return capNanos;
        }
        return Math.min(capNanos, baseNanos << doublings);
    }

    @Override
    public String toString() {
        return "RetryPolicy[base=" + base + ", cap=" + cap + "]";
    }
}
