package io.ruleworks.adapter.out.action.email;

import io.ruleworks.application.port.out.action.ActionFailedException;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * Downloads an attachment given by URL. The one seam through which email_notification reaches
 * the network besides SMTP, so an outbound guard (allowlists, SSRF checks) can wrap it.
 */
public interface AttachmentFetcher {

    /**
     * The body of a GET of {@code url}, at most {@code maxBytes} long. Throws
     * {@link ActionFailedException}: EMAIL_ATTACHMENT_TOO_LARGE (not retryable),
     * EMAIL_ATTACHMENT_TIMEOUT (retryable), EMAIL_ATTACHMENT_FETCH_FAILED (retryable for network
     * errors, 408, 429 and 5xx; not for other statuses).
     */
    Fetched fetch(URI url, long maxBytes, Duration timeout) throws InterruptedException;

    /** A downloaded attachment and the media type its server declared, if any. */
    record Fetched(byte[] content, Optional<String> contentType) {
    }
}
