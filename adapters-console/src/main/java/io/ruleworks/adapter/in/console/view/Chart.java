package io.ruleworks.adapter.in.console.view;

import io.ruleworks.domain.statistics.PerformanceReport;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * A stacked bar chart of executions per bucket (completed, failed or timed out, other), laid out
 * here in SVG user units so that the template only prints numbers: no script draws it.
 */
public record Chart(String title, int width, int height, long max, List<Bar> bars, List<Tick> ticks) {

    public static final int HEIGHT = 160;
    private static final int PLOT = 140;
    private static final int TOP = 10;

    /** One bucket: x and width, and the three stacked segments (y, height) from the bottom up. */
    public record Bar(double x, double w, double okY, double okH, double failY, double failH, double otherY,
                      double otherH, String label) {
    }

    /** A label under the x axis. */
    public record Tick(double x, String text) {
    }

    public static Chart of(String title, PerformanceReport report, DateTimeFormatter labels, int tickEvery) {
        List<PerformanceReport.Bucket> buckets = report.buckets();
        int n = Math.max(1, buckets.size());
        int width = 720;
        double slot = (double) width / n;
        double w = Math.max(1.0, slot * 0.8);
        long max = 1;
        for (PerformanceReport.Bucket b : buckets) {
            max = Math.max(max, b.figures().executions());
        }
        List<Bar> bars = new ArrayList<>(buckets.size());
        List<Tick> ticks = new ArrayList<>();
        DateTimeFormatter utc = labels.withZone(ZoneOffset.UTC);
        for (int i = 0; i < buckets.size(); i++) {
            PerformanceReport.Bucket b = buckets.get(i);
            long ok = b.figures().successful();
            long failed = b.figures().failed();
            long other = Math.max(0, b.figures().executions() - ok - failed);
            double scale = (double) PLOT / max;
            double okH = ok * scale;
            double failH = failed * scale;
            double otherH = other * scale;
            double base = TOP + PLOT;
            double x = round(i * slot + (slot - w) / 2);
            bars.add(new Bar(x, round(w), round(base - okH), round(okH), round(base - okH - failH), round(failH),
                    round(base - okH - failH - otherH), round(otherH),
                    utc.format(b.start()) + ": " + b.figures().executions() + " executions, " + ok + " completed, "
                            + failed + " failed, " + other + " other"));
            if (i % tickEvery == 0) {
                ticks.add(new Tick(round(i * slot), utc.format(b.start())));
            }
        }
        return new Chart(title, width, HEIGHT, max, bars, ticks);
    }

    private static double round(double v) {
        return Math.round(v * 10.0) / 10.0;
    }
}
