package io.ruleworks.domain.hook;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The signing secret of one rule's inbound hook: {@code whsec_} followed by 32 random bytes in
 * base64url without padding. The HMAC key is the UTF-8 bytes of the whole string, prefix included,
 * exactly as the outgoing webhook signer uses its configured secret. Never printed by toString.
 */
public record HookSecret(String value) {

    public static final String PREFIX = "whsec_";
    private static final int RANDOM_BYTES = 32;
    private static final Pattern FORMAT = Pattern.compile("whsec_[A-Za-z0-9_-]{43}");
    private static final SecureRandom RANDOM = new SecureRandom();

    public HookSecret {
        Objects.requireNonNull(value, "value");
        if (!FORMAT.matcher(value).matches()) {
            throw new IllegalArgumentException("not a hook secret (whsec_ and 43 base64url characters)");
        }
    }

    public static HookSecret generate() {
        byte[] random = new byte[RANDOM_BYTES];
        RANDOM.nextBytes(random);
        return new HookSecret(PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(random));
    }

    @Override
    public String toString() {
        return "HookSecret[****]";
    }
}
