package io.ruleworks.adapter.in.http.idempotency;

import io.ruleworks.domain.shared.ValidationException;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The Idempotency-Key header of the operations that accept one (execute, event ingestion): its
 * syntax, and the fingerprint of the request it was sent with, so that the same key reused with
 * another request is detected. Stored fingerprints are compared across restarts and versions:
 * the digest must not change.
 */
public final class IdempotencyKeys {

    public static final String HEADER = "Idempotency-Key";

    private static final Pattern KEY_SYNTAX = Pattern.compile("^[\\x21-\\x7E]{1,255}$");

    private IdempotencyKeys() {
    }

    /** The header, checked: 1 to 255 visible ASCII characters; empty when it was not sent. */
    public static Optional<String> key(String header) {
        if (header == null) {
            return Optional.empty();
        }
        if (!KEY_SYNTAX.matcher(header).matches()) {
            throw ValidationException.of(HEADER, "must be 1 to 255 visible ASCII characters");
        }
        return Optional.of(header);
    }

    /** SHA-256 of the operation, a zero byte and the body (none: empty), in hex. */
    public static String fingerprint(String operation, String body) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update(operation.getBytes(StandardCharsets.UTF_8));
            sha256.update((byte) 0);
            sha256.update(body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha256.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
