package io.ruleworks.application.port.out.action;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The database that database_update actions write to (not the service's own), and that
 * condition_based rules may read allowlisted views of. Tables and columns
 * are names from the server's allowlist only; values are always bound as parameters, converted to
 * the type of their column. Every call is one statement in its own transaction.
 *
 * <p>Failures: {@link Refused} for a write that can never succeed as given (not allowlisted, a
 * value that does not fit its column, a constraint); a
 * {@link io.ruleworks.application.port.DependencyUnavailableException} when the database cannot
 * be reached or gave up for a passing reason (retrying may help).
 */
public interface TargetDatabase {

    /** At most this many changed rows come back when they are asked for. */
    int MAX_RETURNED_ROWS = 100;

    Outcome insert(String table, Map<String, Object> data, boolean returnRows, Duration timeout);

    /** Sets {@code data} on the rows whose columns equal every value in {@code conditions} (not empty). */
    Outcome update(String table, Map<String, Object> data, Map<String, Object> conditions, boolean returnRows,
                   Duration timeout);

    /** Deletes the rows whose columns equal every value in {@code conditions} (not empty). */
    Outcome delete(String table, Map<String, Object> conditions, boolean returnRows, Duration timeout);

    /**
     * Reads the rows of a view that the server allowlists for condition sources (never a table or
     * SQL of a rule's making): at most {@code maxRows} rows as JSON values, {@code truncated} when
     * the view had more. Refused with {@code NOT_ALLOWED} for any other name.
     */
    ViewRows readView(String view, int maxRows, Duration timeout);

    /** Rows read from a view; {@code truncated} when there were more than asked for. */
    record ViewRows(List<Map<String, Object>> rows, boolean truncated) {
        public ViewRows {
            rows = List.copyOf(rows);
        }
    }

    /**
     * How many rows the statement changed and, when asked for, the first {@link #MAX_RETURNED_ROWS}
     * of them (allowlisted columns only) as JSON values; {@code rowsTruncated} when there were more.
     */
    record Outcome(long affectedRows, List<Map<String, Object>> rows, boolean rowsTruncated) {
        public Outcome {
            rows = List.copyOf(rows);
        }
    }

    /** A write that cannot succeed as given; {@code reason} says which kind. */
    final class Refused extends RuntimeException {

        public enum Reason { NOT_ALLOWED, TYPE_MISMATCH, CONSTRAINT_VIOLATION, SCHEMA_MISMATCH, REJECTED }

        private final Reason reason;

        public Refused(Reason reason, String message) {
            super(message);
            this.reason = reason;
        }

        public Refused(Reason reason, String message, Throwable cause) {
            super(message, cause);
            this.reason = reason;
        }

        public Reason reason() {
            return reason;
        }
    }
}
