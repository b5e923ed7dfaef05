package io.ruleworks.adapter.out.persistence.hook;

import io.micronaut.context.annotation.Value;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;

/**
 * Keeps hook signing secrets encrypted at rest: AES-256-GCM under {@code ruleworks.hooks.secret-key}
 * (32 bytes, base64), a fresh 12-byte nonce per value, and the row's identity (tenant and rule) as
 * associated data, so a ciphertext copied to another rule does not decrypt. Stored as
 * {@code aesgcm:<base64(nonce|ciphertext)>}. Without a key, values are stored as {@code plain:<secret>}
 * and a warning is logged at start; setting a key later still reads those rows and encrypts every
 * secret issued or rotated from then on.
 */
@Singleton
class HookSecretCipher {

    private static final Logger LOG = LoggerFactory.getLogger(HookSecretCipher.class);
    private static final String ENCRYPTED = "aesgcm:";
    private static final String PLAIN = "plain:";
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final Optional<SecretKeySpec> key;
    private final SecureRandom random = new SecureRandom();

    @Inject
    HookSecretCipher(@Value("${ruleworks.hooks.secret-key:}") String configuredKey) {
        this.key = parse(configuredKey);
        if (key.isEmpty()) {
            LOG.warn("ruleworks.hooks.secret-key is not set: inbound hook signing secrets are stored unencrypted "
                    + "in rule_hook_secrets (set RULEWORKS_HOOKS_SECRET_KEY to 32 random bytes in base64)");
        }
    }

    private static Optional<SecretKeySpec> parse(String configured) {
        if (configured == null || configured.isBlank()) {
            return Optional.empty();
        }
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(configured.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("ruleworks.hooks.secret-key must be base64 (e.g. openssl rand -base64 32)");
        }
        if (bytes.length != 32) {
            throw new IllegalStateException("ruleworks.hooks.secret-key must decode to 32 bytes, not " + bytes.length);
        }
        return Optional.of(new SecretKeySpec(bytes, "AES"));
    }

    public String seal(String secret, String identity) {
        if (key.isEmpty()) {
            return PLAIN + secret;
        }
        try {
            byte[] nonce = new byte[NONCE_BYTES];
            random.nextBytes(nonce);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key.get(), new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(identity.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(secret.getBytes(StandardCharsets.UTF_8));
            return ENCRYPTED + Base64.getEncoder().encodeToString(
                    ByteBuffer.allocate(nonce.length + sealed.length).put(nonce).put(sealed).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is part of every JDK", e);
        }
    }

    public String open(String stored, String identity) {
        if (stored.startsWith(PLAIN)) {
            return stored.substring(PLAIN.length());
        }
        if (!stored.startsWith(ENCRYPTED)) {
            throw new IllegalStateException("unknown hook secret encoding");
        }
        if (key.isEmpty()) {
            throw new IllegalStateException("a hook secret is encrypted but ruleworks.hooks.secret-key is not set");
        }
        try {
            byte[] all = Base64.getDecoder().decode(stored.substring(ENCRYPTED.length()));
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key.get(), new GCMParameterSpec(TAG_BITS, all, 0, NONCE_BYTES));
            cipher.updateAAD(identity.getBytes(StandardCharsets.UTF_8));
            return new String(cipher.doFinal(all, NONCE_BYTES, all.length - NONCE_BYTES), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("a hook secret does not decrypt under ruleworks.hooks.secret-key "
                    + "(wrong key, or the row was altered)", e);
        }
    }
}
