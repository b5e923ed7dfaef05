package io.ruleworks.adapter.out.action.email;

import io.ruleworks.application.port.out.action.ActionFailedException;
import io.ruleworks.domain.rule.EmailNotificationConfig.Attachment;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Loads one mail's attachments: {@code url} ones through the {@link AttachmentFetcher},
 * {@code path} ones only from inside the configured attachment directory (resolved, normalised
 * and checked again after following symbolic links), all together within the size allowance.
 */
final class Attachments {

    static final String DEFAULT_CONTENT_TYPE = "application/octet-stream";

    private final AttachmentSettings settings;
    private final AttachmentFetcher fetcher;

    Attachments(AttachmentSettings settings, AttachmentFetcher fetcher) {
        this.settings = settings;
        this.fetcher = fetcher;
    }

    /** An attachment ready to be put into a mail. */
    record Loaded(String filename, String contentType, byte[] content) {
    }

    List<Loaded> load(List<Attachment> items, Duration timeout) throws InterruptedException {
        List<Loaded> loaded = new ArrayList<>();
        long remaining = settings.maxTotalBytes();
        for (int i = 0; i < items.size(); i++) {
            Attachment attachment = items.get(i);
            String field = "attachments[" + i + "]";
            String filename = MailHeaders.word(attachment.filename(), field + ".filename");
            Optional<String> declared = attachment.contentType()
                    .map(type -> MailHeaders.contentType(type).orElseThrow(() -> new ActionFailedException(
                            MailHeaders.CODE, field + ".content_type must be a media type such as application/pdf",
                            false)));
            Loaded one;
            if (attachment.url().isPresent()) {
                AttachmentFetcher.Fetched fetched = fetcher.fetch(URI.create(attachment.url().get()),
                        remaining, timeout);
                // the peer's Content-Type is taken only when it parses as a media type
                one = new Loaded(filename, declared.or(() -> fetched.contentType().flatMap(MailHeaders::contentType))
                        .orElse(DEFAULT_CONTENT_TYPE), fetched.content());
            } else {
                one = read(filename, attachment.path(), declared, remaining);
            }
            remaining -= one.content().length;
            loaded.add(one);
        }
        return loaded;
    }

    private Loaded read(String filename, String relative, Optional<String> declared, long remaining) {
        Path file = resolve(relative);
        try {
            long size = Files.size(file);
            if (size > remaining) {
                throw new ActionFailedException("EMAIL_ATTACHMENT_TOO_LARGE", "Attachment " + relative + " ("
                        + size + " bytes) exceeds the remaining attachment allowance of " + remaining + " bytes", false);
            }
            byte[] content = Files.readAllBytes(file);
            String type = declared.or(() -> probe(file).flatMap(MailHeaders::contentType)).orElse(DEFAULT_CONTENT_TYPE);
            return new Loaded(filename, type, content);
        } catch (IOException e) {
            throw new ActionFailedException("EMAIL_ATTACHMENT_NOT_FOUND", "Attachment " + relative
                    + " cannot be read from the attachment directory", false, e);
        }
    }

    /**
     * The file {@code relative} names inside the attachment directory, or a refusal: no directory
     * configured, an absolute path, a path that normalises (or, through a symbolic link, really
     * resolves) outside the directory, or a file that is not a regular file.
     */
    Path resolve(String relative) {
        Path directory = settings.directory().orElseThrow(() -> new ActionFailedException(
                "EMAIL_ATTACHMENT_PATH_REFUSED", "Attachments by path need ruleworks.email.attachment-dir to be set",
                false));
        Path base;
        try {
            base = directory.toRealPath();
        } catch (IOException e) {
            throw new ActionFailedException("EMAIL_ATTACHMENT_PATH_REFUSED", "The attachment directory "
                    + directory + " does not exist", false, e);
        }
        try {
            Path candidate = Path.of(relative);
            if (candidate.isAbsolute() || candidate.getRoot() != null) {
                throw outside(relative);
            }
            Path normalized = base.resolve(candidate).normalize();
            if (!normalized.startsWith(base)) {
                throw outside(relative);
            }
            if (!Files.exists(normalized, LinkOption.NOFOLLOW_LINKS)) {
                throw new NoSuchFileException(relative);
            }
            Path real = normalized.toRealPath();
            if (!real.startsWith(base)) {
                throw outside(relative);
            }
            if (!Files.isRegularFile(real)) {
                throw new ActionFailedException("EMAIL_ATTACHMENT_NOT_FOUND", "Attachment " + relative
                        + " is not a regular file", false);
            }
            return real;
        } catch (InvalidPathException e) {
            throw new ActionFailedException("EMAIL_ATTACHMENT_PATH_REFUSED", "Attachment path " + relative
                    + " is not a valid path", false, e);
        } catch (IOException e) {
            throw new ActionFailedException("EMAIL_ATTACHMENT_NOT_FOUND", "Attachment " + relative
                    + " does not exist in the attachment directory", false, e);
        }
    }

    private static ActionFailedException outside(String relative) {
        return new ActionFailedException("EMAIL_ATTACHMENT_PATH_REFUSED", "Attachment path " + relative
                + " is outside the attachment directory", false);
    }

    private static Optional<String> probe(Path file) {
        try {
            return Optional.ofNullable(Files.probeContentType(file));
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
