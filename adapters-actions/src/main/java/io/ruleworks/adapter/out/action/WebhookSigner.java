package io.ruleworks.adapter.out.action;

import io.micronaut.context.annotation.Value;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Signs outgoing webhook requests so a receiver can check they come from this service and were
 * not altered or replayed late: {@code X-Ruleworks-Timestamp: <unix seconds>} and
 * {@code X-Ruleworks-Signature: v1=<hex HMAC-SHA256 of "<timestamp>.<body bytes>">}, keyed with the
 * UTF-8 bytes of {@code ruleworks.webhooks.signing-secret}. Without a configured secret a random
 * one is made at start, and signatures stop verifying after a restart (logged as a warning).
 */
@Singleton
public class WebhookSigner {

    public static final String TIMESTAMP_HEADER = "X-Ruleworks-Timestamp";
    public static final String SIGNATURE_HEADER = "X-Ruleworks-Signature";
    private static final Logger LOG = LoggerFactory.getLogger(WebhookSigner.class);
    private static final String ALGORITHM = "HmacSHA256";

    private final SecretKeySpec key;
    private final Clock clock;

    /** The headers that sign one request. */
    public record Signature(String timestamp, String signature) {
    }

    @Inject
    public WebhookSigner(@Value("${ruleworks.webhooks.signing-secret:}") String secret, Clock clock) {
        String effective = secret;
        if (secret == null || secret.isBlank()) {
            byte[] random = new byte[32];
            new SecureRandom().nextBytes(random);
            effective = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
            LOG.warn("ruleworks.webhooks.signing-secret is not set: webhook requests are signed with a random "
                    + "secret made at start, so receivers cannot verify X-Ruleworks-Signature across restarts "
                    + "(set RULEWORKS_WEBHOOKS_SIGNING_SECRET)");
        }
        this.key = new SecretKeySpec(effective.getBytes(StandardCharsets.UTF_8), ALGORITHM);
        this.clock = clock;
    }

    public Signature sign(byte[] body) {
        String timestamp = Long.toString(clock.instant().getEpochSecond());
        return new Signature(timestamp, "v1=" + hmacHex(timestamp, body));
    }

    private String hmacHex(String timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            mac.update(timestamp.getBytes(StandardCharsets.US_ASCII));
            mac.update((byte) '.');
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
