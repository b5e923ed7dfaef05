package io.ruleworks.adapter.out.action.email;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Where attachments may come from: {@code directory} is the only place {@code path} attachments
 * are read from (none configured: they are refused); {@code maxTotalBytes} caps the sum of one
 * mail's attachments, fetched or read.
 */
public record AttachmentSettings(Optional<Path> directory, long maxTotalBytes) {

    public static final long DEFAULT_MAX_TOTAL_BYTES = 10L * 1024 * 1024;

    public AttachmentSettings {
        if (maxTotalBytes < 1) {
            throw new IllegalArgumentException("ruleworks.email.max-attachment-bytes must be positive");
        }
    }
}
