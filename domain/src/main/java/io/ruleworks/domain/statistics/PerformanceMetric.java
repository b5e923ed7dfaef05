package io.ruleworks.domain.statistics;

import io.ruleworks.domain.shared.WireEnum;

/** A figure the performance report can carry for the whole range and for each bucket. */
public enum PerformanceMetric implements WireEnum {
    EXECUTION_COUNT, SUCCESS_RATE, ERROR_RATE, AVG_DURATION, P95_DURATION, THROUGHPUT
}
