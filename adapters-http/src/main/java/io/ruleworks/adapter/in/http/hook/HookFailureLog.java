package io.ruleworks.adapter.in.http.hook;

import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

/**
 * Logs refused hook deliveries without secrets, signatures or bodies: each at DEBUG (rule id as
 * given and the code), and at most once a minute a WARN with how many were refused per code since
 * the last one, so a flood of bad signatures shows as a rate, not as a flood of lines.
 */
@Singleton
public class HookFailureLog {

    private static final Logger LOG = LoggerFactory.getLogger(HookFailureLog.class);
    private static final long PERIOD_NANOS = Duration.ofMinutes(1).toNanos();

    private final Map<String, Long> counts = new TreeMap<>();
    private long periodStart = System.nanoTime();

    public void refused(String ruleId, String code) {
        LOG.debug("Inbound hook delivery refused: rule {} code {}", sanitized(ruleId), code);
        Map<String, Long> summary = null;
        long seconds = 0;
        synchronized (this) {
            counts.merge(code, 1L, Long::sum);
            long now = System.nanoTime();
            if (now - periodStart >= PERIOD_NANOS) {
                summary = new TreeMap<>(counts);
                seconds = Duration.ofNanos(now - periodStart).toSeconds();
                counts.clear();
                periodStart = now;
            }
        }
        if (summary != null) {
            LOG.warn("Inbound hooks refused {} deliveries in the last {} s: {}",
                    summary.values().stream().mapToLong(Long::longValue).sum(), seconds, summary);
        }
    }

    private static String sanitized(String ruleId) {
        String cut = ruleId.length() > 40 ? ruleId.substring(0, 40) : ruleId;
        return cut.replaceAll("[^0-9A-Za-z-]", "?");
    }
}
