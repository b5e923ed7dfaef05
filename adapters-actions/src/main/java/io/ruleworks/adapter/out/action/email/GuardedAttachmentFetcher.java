package io.ruleworks.adapter.out.action.email;

import io.ruleworks.adapter.out.action.net.OutboundException;
import io.ruleworks.adapter.out.action.net.OutboundHttp;
import io.ruleworks.adapter.out.action.net.OutboundRequest;
import io.ruleworks.adapter.out.action.net.OutboundResponse;
import io.ruleworks.application.port.out.action.ActionFailedException;
import jakarta.inject.Singleton;

import java.net.URI;
import java.time.Duration;

/**
 * {@link AttachmentFetcher} through the SSRF-guarded {@link OutboundHttp}: an attachment URL is a
 * URL a rule chose, so it gets the address policy and response cap of a webhook. Redirects are not
 * followed (docs/actions.md): the URL the rule names, checked once, is the only one fetched; a 3xx
 * fails for good like any other non-2xx. A refused address fails for good (EMAIL_ATTACHMENT_REFUSED).
 */
@Singleton
public class GuardedAttachmentFetcher implements AttachmentFetcher {

    private final OutboundHttp http;

    public GuardedAttachmentFetcher(OutboundHttp http) {
        this.http = http;
    }

    @Override
    public Fetched fetch(URI url, long maxBytes, Duration timeout) throws InterruptedException {
        int cap = (int) Math.min(Integer.MAX_VALUE - 8, maxBytes);
        OutboundResponse response;
        try {
            response = http.sendWithoutRedirects(OutboundRequest.get(url), cap, timeout);
        } catch (OutboundException e) {
            throw switch (e.reason()) {
                case TIMEOUT -> new ActionFailedException("EMAIL_ATTACHMENT_TIMEOUT", "No complete answer from "
                        + url.getHost() + " within " + timeout.toSeconds() + " s", true, e);
                case ADDRESS_REFUSED, URL_REFUSED -> new ActionFailedException("EMAIL_ATTACHMENT_REFUSED",
                        e.getMessage(), false, e);
                default -> new ActionFailedException("EMAIL_ATTACHMENT_FETCH_FAILED", e.getMessage(),
                        e.retryable(), e);
            };
        }
        int status = response.status();
        if (status >= 300 && status < 400) {
            throw new ActionFailedException("EMAIL_ATTACHMENT_FETCH_FAILED", url + " answered HTTP " + status
                    + " (a redirect); attachment URLs are not followed through redirects: use the final URL", false);
        }
        if (status < 200 || status >= 300) {
            boolean retryable = status >= 500 || status == 408 || status == 429;
            throw new ActionFailedException("EMAIL_ATTACHMENT_FETCH_FAILED", url + " answered HTTP " + status,
                    retryable);
        }
        if (response.truncated()) {
            throw new ActionFailedException("EMAIL_ATTACHMENT_TOO_LARGE", "Attachment " + url
                    + " exceeds the remaining attachment allowance of " + maxBytes + " bytes", false);
        }
        return new Fetched(response.body(), response.header("content-type"));
    }
}
