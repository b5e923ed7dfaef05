package io.ruleworks.domain.statistics;

import java.time.Duration;
import java.util.Optional;

/**
 * Executions of one bucket (or of the whole range): how many were created, how many of them
 * completed, failed or timed out, and the duration of those that recorded one.
 *
 * <p>Rates are percentages of the <em>finished</em> executions (completed + failed + timeout),
 * as in a rule's own execution statistics; pending, running, cancelled and skipped executions
 * count in {@code executions} but in neither rate. Empty when nothing finished.
 */
public record PerformanceFigures(long executions, long successful, long failed, Optional<Double> averageDurationMs,
                                 Optional<Double> p95DurationMs) {

    public static final PerformanceFigures NONE =
            new PerformanceFigures(0, 0, 0, Optional.empty(), Optional.empty());

    public Optional<Double> successRatePercent() {
        return percentOfFinished(successful);
    }

    public Optional<Double> errorRatePercent() {
        return percentOfFinished(failed);
    }

    /**
     * Executions created per hour over {@code span} (the part of the bucket inside the range),
     * to 4 decimal places so that a quiet month still shows.
     */
    public double throughputPerHour(Duration span) {
        double hours = span.toNanos() / 3_600_000_000_000.0;
        return hours <= 0 ? 0.0 : Math.round(executions / hours * 10_000.0) / 10_000.0;
    }

    private Optional<Double> percentOfFinished(long part) {
        long finished = successful + failed;
        return finished == 0 ? Optional.empty() : Optional.of(round2(part * 100.0 / finished));
    }

    static double round2(double value) {
        return Math.round(value * 100.0) / 100.0;
    }
}
