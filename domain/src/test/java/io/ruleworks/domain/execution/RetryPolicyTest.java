package io.ruleworks.domain.execution;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RetryPolicyTest {

    private static final Duration BASE = Duration.ofMillis(100);
    private static final Duration CAP = Duration.ofSeconds(10);

    /** A random source that always draws the largest value below the bound. */
    private static final RandomGenerator HIGHEST = new RandomGenerator() {
        @Override
        public long nextLong() {
            throw new UnsupportedOperationException("only bounded draws are expected");
        }

        @Override
        public long nextLong(long bound) {
            return bound - 1;
        }
    };

    /** A random source that always draws zero. */
    private static final RandomGenerator LOWEST = new RandomGenerator() {
        @Override
        public long nextLong() {
            throw new UnsupportedOperationException("only bounded draws are expected");
        }

        @Override
        public long nextLong(long bound) {
            return 0;
        }
    };

    @Test
    void the_ceiling_doubles_from_base_until_it_reaches_the_cap() {
        RetryPolicy policy = new RetryPolicy(BASE, CAP, new SplittableRandom(1));
        assertThat(IntStream.rangeClosed(1, 9).mapToObj(policy::maxDelayBefore).toList()).containsExactly(
                Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(400), Duration.ofMillis(800),
                Duration.ofMillis(1600), Duration.ofMillis(3200), Duration.ofMillis(6400), CAP, CAP);
    }

    @Test
    void the_ceiling_stays_at_the_cap_for_very_late_attempts() {
        RetryPolicy policy = new RetryPolicy(BASE, CAP, new SplittableRandom(1));
        assertThat(policy.maxDelayBefore(64)).isEqualTo(CAP);
        assertThat(policy.maxDelayBefore(1_000)).isEqualTo(CAP);
        assertThat(policy.maxDelayBefore(Integer.MAX_VALUE)).isEqualTo(CAP);
    }

    @Test
    void the_delay_can_reach_the_ceiling_itself() {
        RetryPolicy policy = new RetryPolicy(BASE, CAP, HIGHEST);
        assertThat(policy.delayBefore(1)).isEqualTo(BASE);
        assertThat(policy.delayBefore(3)).isEqualTo(Duration.ofMillis(400));
        assertThat(policy.delayBefore(20)).isEqualTo(CAP);
    }

    @Test
    void the_delay_can_be_zero() {
        RetryPolicy policy = new RetryPolicy(BASE, CAP, LOWEST);
        assertThat(policy.delayBefore(5)).isEqualTo(Duration.ZERO);
    }

    @Test
    void a_seeded_generator_gives_a_reproducible_sequence() {
        List<Duration> first = delays(new RetryPolicy(BASE, CAP, new SplittableRandom(42)));
        List<Duration> second = delays(new RetryPolicy(BASE, CAP, new SplittableRandom(42)));
        List<Duration> otherSeed = delays(new RetryPolicy(BASE, CAP, new SplittableRandom(43)));
        assertThat(first).isEqualTo(second);
        assertThat(first).isNotEqualTo(otherSeed);
    }

    @Test
    void full_jitter_spreads_delays_over_the_whole_range() {
        RetryPolicy policy = new RetryPolicy(BASE, CAP, new SplittableRandom(7));
        Duration ceiling = policy.maxDelayBefore(4);
        List<Duration> draws = IntStream.range(0, 1_000).mapToObj(i -> policy.delayBefore(4)).toList();
        assertThat(draws).anyMatch(d -> d.compareTo(ceiling.dividedBy(10)) < 0);
        assertThat(draws).anyMatch(d -> d.compareTo(ceiling.multipliedBy(9).dividedBy(10)) > 0);
        assertThat(draws).allMatch(d -> !d.isNegative() && d.compareTo(ceiling) <= 0);
    }

    @Test
    void attempts_start_at_one() {
        RetryPolicy policy = new RetryPolicy(BASE, CAP, new SplittableRandom(1));
        assertThatThrownBy(() -> policy.delayBefore(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("attempt must be at least 1");
        assertThatThrownBy(() -> policy.maxDelayBefore(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void base_must_be_positive() {
        assertThatThrownBy(() -> new RetryPolicy(Duration.ZERO, CAP, new SplittableRandom(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("base must be positive");
        assertThatThrownBy(() -> new RetryPolicy(Duration.ofMillis(-1), CAP, new SplittableRandom(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void cap_must_not_be_below_base() {
        assertThatThrownBy(() -> new RetryPolicy(CAP, BASE, new SplittableRandom(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must not be less than base");
        assertThat(new RetryPolicy(BASE, BASE, HIGHEST).delayBefore(30)).isEqualTo(BASE);
    }

    @Test
    void cap_must_fit_in_nanoseconds() {
        assertThatThrownBy(() -> new RetryPolicy(BASE, Duration.ofDays(365L * 300), new SplittableRandom(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cap must be below");
        assertThatThrownBy(() -> new RetryPolicy(BASE, Duration.ofNanos(Long.MAX_VALUE), new SplittableRandom(1)))
                .isInstanceOf(IllegalArgumentException.class);
        RetryPolicy largest = new RetryPolicy(BASE, Duration.ofNanos(Long.MAX_VALUE - 1), HIGHEST);
        assertThat(largest.delayBefore(Integer.MAX_VALUE)).isEqualTo(Duration.ofNanos(Long.MAX_VALUE - 1));
    }

    @Test
    void arguments_are_required() {
        assertThatThrownBy(() -> new RetryPolicy(null, CAP, new SplittableRandom(1))).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new RetryPolicy(BASE, null, new SplittableRandom(1))).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new RetryPolicy(BASE, CAP, null)).isInstanceOf(NullPointerException.class);
    }

    private static List<Duration> delays(RetryPolicy policy) {
        return IntStream.rangeClosed(1, 12).mapToObj(policy::delayBefore).toList();
    }
}
