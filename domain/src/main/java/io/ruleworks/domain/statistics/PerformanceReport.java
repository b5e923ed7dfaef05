package io.ruleworks.domain.statistics;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** Performance over a query's range: the whole range's figures and one entry per bucket, oldest first. */
public record PerformanceReport(PerformanceQuery query, PerformanceFigures summary, List<Bucket> buckets) {

    public PerformanceReport {
        buckets = List.copyOf(buckets);
    }

    /** A bucket {@code [start, end)} in UTC; its figures cover only the part inside the query's range. */
    public record Bucket(Instant start, Instant end, PerformanceFigures figures) {

        /** The part of this bucket that lies inside {@code [from, to)}. */
        public Duration spanWithin(Instant from, Instant to) {
            Instant a = start.isBefore(from) ? from : start;
            Instant b = end.isAfter(to) ? to : end;
            return b.isAfter(a) ? Duration.between(a, b) : Duration.ZERO;
        }
    }
}
