package io.ruleworks.domain.statistics;

import io.ruleworks.domain.shared.WireEnum;

import java.time.Duration;

/**
 * The size of a performance time bucket. Buckets are aligned in UTC: an hour, a calendar day, an
 * ISO week (Monday 00:00) or a calendar month.
 */
public enum Granularity implements WireEnum {
    HOUR(Duration.ofHours(1)), DAY(Duration.ofDays(1)), WEEK(Duration.ofDays(7)), MONTH(Duration.ofDays(28));

    private final Duration shortest;

    Granularity(Duration shortest) {
        this.shortest = shortest;
    }

    /** The shortest a bucket of this size can be (a month: 28 days); bounds how many buckets a range makes. */
    public Duration shortest() {
        return shortest;
    }
}
