package io.ruleworks.adapter.out.persistence.execution;

import io.ruleworks.application.port.out.execution.ExecutionArchive;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.zip.GZIPOutputStream;

/**
 * Archives executions as gzip JSON Lines (docs/operations.md "Export before purge"): one file per
 * tenant and UTC hour of creation, {@code <dir>/<tenant>/<yyyy-MM-dd'T'HH>.jsonl.gz}, one execution
 * row per line. Each call appends one gzip member per file and forces it to disk before returning
 * (a file of several members reads as one stream with zcat, gunzip or GZIPInputStream).
 */
public final class GzipJsonLinesArchive implements ExecutionArchive {

    private static final DateTimeFormatter HOUR = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH").withZone(ZoneOffset.UTC);

    private final Path directory;

    public GzipJsonLinesArchive(Path directory) {
        this.directory = directory;
    }

    @Override
    public synchronized void append(List<ArchivedExecution> executions) {
        Map<Path, List<ArchivedExecution>> byFile = executions.stream().collect(Collectors.groupingBy(
                e -> directory.resolve(e.tenant().toString()).resolve(HOUR.format(e.createdAt()) + ".jsonl.gz"),
                LinkedHashMap::new, Collectors.toList()));
        try {
            for (var file : byFile.entrySet()) {
                Files.createDirectories(file.getKey().getParent());
                try (var channel = java.nio.channels.FileChannel.open(file.getKey(), StandardOpenOption.CREATE,
                        StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
                    OutputStream raw = java.nio.channels.Channels.newOutputStream(channel);
                    GZIPOutputStream gzip = new GZIPOutputStream(raw);
                    Writer lines = new java.io.OutputStreamWriter(gzip, StandardCharsets.UTF_8);
                    for (ArchivedExecution execution : file.getValue()) {
                        lines.write(execution.json());
                        lines.write('\n');
                    }
                    lines.flush();
                    gzip.finish();
                    channel.force(true);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("archiving executions to " + directory + " failed", e);
        }
    }
}
