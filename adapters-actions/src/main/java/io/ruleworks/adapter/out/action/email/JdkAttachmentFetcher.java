package io.ruleworks.adapter.out.action.email;

import io.ruleworks.application.port.out.ActionFailedException;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.OptionalLong;

/**
 * {@link AttachmentFetcher} on the JDK HTTP client: no redirects followed, the body read only up
 * to the cap (a larger {@code Content-Length} is refused before reading).
 */
@Singleton
public class JdkAttachmentFetcher implements AttachmentFetcher {

    private final HttpClient client = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    @Override
    public Fetched fetch(URI url, long maxBytes, Duration timeout) throws InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(url).timeout(timeout).GET()
                .header("User-Agent", "Ruleworks/1").build();
        HttpResponse<InputStream> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (HttpTimeoutException e) {
            throw new ActionFailedException("EMAIL_ATTACHMENT_TIMEOUT", "No answer from " + url + " within "
                    + timeout.toSeconds() + " s", true, e);
        } catch (IOException e) {
            throw new ActionFailedException("EMAIL_ATTACHMENT_FETCH_FAILED", "Cannot fetch " + url + ": "
                    + e.getMessage(), true, e);
        }
        try (InputStream body = response.body()) {
            int status = response.statusCode();
            if (status < 200 || status >= 300) {
                boolean retryable = status >= 500 || status == 408 || status == 429;
                throw new ActionFailedException("EMAIL_ATTACHMENT_FETCH_FAILED", url + " answered HTTP " + status,
                        retryable);
            }
            OptionalLong declared = response.headers().firstValueAsLong("Content-Length");
            if (declared.isPresent() && declared.getAsLong() > maxBytes) {
                throw tooLarge(url, maxBytes);
            }
            byte[] content = body.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
            if (content.length > maxBytes) {
                throw tooLarge(url, maxBytes);
            }
            return new Fetched(content, response.headers().firstValue("Content-Type"));
        } catch (HttpTimeoutException e) {
            throw new ActionFailedException("EMAIL_ATTACHMENT_TIMEOUT", "Download of " + url + " took longer than "
                    + timeout.toSeconds() + " s", true, e);
        } catch (IOException e) {
            throw new ActionFailedException("EMAIL_ATTACHMENT_FETCH_FAILED", "Download of " + url + " failed: "
                    + e.getMessage(), true, e);
        }
    }

    private static ActionFailedException tooLarge(URI url, long maxBytes) {
        return new ActionFailedException("EMAIL_ATTACHMENT_TOO_LARGE", "Attachment " + url
                + " exceeds the remaining attachment allowance of " + maxBytes + " bytes", false);
    }
}
