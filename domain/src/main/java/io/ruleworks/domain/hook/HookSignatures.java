package io.ruleworks.domain.hook;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.ruleworks.domain.hook.HookRejectedException.Kind.UNAUTHENTICATED;

/**
 * The signature scheme of inbound hooks, the same as the one our outgoing webhooks carry:
 * {@code X-Ruleworks-Timestamp: <unix seconds>} and
 * {@code X-Ruleworks-Signature: v1=<hex HMAC-SHA256(secret, "<timestamp>.<raw body>")>}. A header may
 * list several {@code v1=} values separated by commas (a sender rotating its secret); one match is
 * enough. The timestamp must lie within {@code window} of now in either direction. Comparisons of
 * signatures take constant time.
 */
public final class HookSignatures {

    public static final String SCHEME = "v1";
    private static final String ALGORITHM = "HmacSHA256";
    private static final int HEX_LENGTH = 64;
    /** The most secrets a hook accepts at once (RuleHook: current and previous). */
    public static final int MAX_SECRETS = 2;
    private static final List<HookSecret> DECOYS = List.of(HookSecret.generate(), HookSecret.generate());

    private final Duration window;

    public HookSignatures(Duration window) {
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("the timestamp window must be positive");
        }
        this.window = window;
    }

    public Duration window() {
        return window;
    }

    /** The header value that signs {@code body} sent at {@code timestamp} (unix seconds). */
    public static String sign(HookSecret secret, long timestamp, byte[] body) {
        return SCHEME + "=" + HexFormat.of().formatHex(mac(secret, Long.toString(timestamp), body));
    }

    /**
     * The checks that need no secret: both headers present, the timestamp a number within the
     * window, the signature header well-formed. Returns the signatures the header carries.
     */
    public List<byte[]> checkHeaders(Optional<String> timestamp, Optional<String> signature, Instant now) {
        if (timestamp.isEmpty() || timestamp.get().isBlank() || signature.isEmpty() || signature.get().isBlank()) {
            throw new HookRejectedException(UNAUTHENTICATED, HookRejectedException.SIGNATURE_MISSING,
                    "X-Ruleworks-Timestamp and X-Ruleworks-Signature are required",
                    Map.of("headers", List.of("X-Ruleworks-Timestamp", "X-Ruleworks-Signature")));
        }
        long seconds = parseTimestamp(timestamp.get().strip());
        long skew = Math.abs(now.getEpochSecond() - seconds);
        if (skew > window.toSeconds()) {
            throw new HookRejectedException(UNAUTHENTICATED, HookRejectedException.TIMESTAMP_OUT_OF_WINDOW,
                    "X-Ruleworks-Timestamp is more than " + window.toSeconds() + " seconds from the server's time",
                    Map.of("header", "X-Ruleworks-Timestamp", "window_seconds", window.toSeconds()));
        }
        return parseSignatures(signature.get());
    }

    /** Computes the signature bytes of {@code "<timestamp>.<body>"} under a secret: HMAC-SHA256. */
    @FunctionalInterface
    public interface Signer {
        byte[] sign(HookSecret secret, String timestamp, byte[] body);

        Signer HMAC_SHA256 = HookSignatures::mac;
    }

    /**
     * Whether one of {@code presented} is the signature of {@code "<timestamp>.<body>"} under one of
     * {@code secrets}. See {@link #matches(List, String, byte[], List, Signer)}.
     */
    public static boolean matches(List<HookSecret> secrets, String timestamp, byte[] body, List<byte[]> presented) {
        return matches(secrets, timestamp, body, presented, Signer.HMAC_SHA256);
    }

    /**
     * Whether one of {@code presented} is the signature of {@code "<timestamp>.<body>"} under one of
     * {@code secrets} (at most {@value #MAX_SECRETS}: the current one and, during a rotation's grace
     * period, the previous one). Always computes exactly {@value #MAX_SECRETS} signatures, filling up
     * with throwaway secrets, and compares each with every presented one in constant time: an
     * unknown hook (no secrets), a rule with one secret and one in rotation do the same work, so a
     * caller cannot tell them apart by timing.
     */
    public static boolean matches(List<HookSecret> secrets, String timestamp, byte[] body, List<byte[]> presented,
                                  Signer signer) {
        if (secrets.size() > MAX_SECRETS) {
            throw new IllegalArgumentException("a hook accepts at most " + MAX_SECRETS + " secrets");
        }
        boolean match = false;
        for (int i = 0; i < MAX_SECRETS; i++) {
            boolean real = i < secrets.size();
            byte[] expected = signer.sign(real ? secrets.get(i) : DECOYS.get(i), timestamp.strip(), body);
            boolean equal = false;
            for (byte[] candidate : presented) {
                equal |= MessageDigest.isEqual(expected, candidate);
            }
            match |= equal & real;
        }
        return match;
    }

    private static long parseTimestamp(String value) {
        if (value.length() > 12 || !value.chars().allMatch(Character::isDigit)) {
            throw new HookRejectedException(UNAUTHENTICATED, HookRejectedException.TIMESTAMP_INVALID,
                    "X-Ruleworks-Timestamp must be unix seconds", Map.of("header", "X-Ruleworks-Timestamp"));
        }
        return Long.parseLong(value);
    }

    private static List<byte[]> parseSignatures(String header) {
        List<byte[]> out = new ArrayList<>();
        for (String part : header.split(",", 8)) {
            String entry = part.strip();
            int eq = entry.indexOf('=');
            if (eq < 0 || !entry.substring(0, eq).equals(SCHEME)) {
                continue;
            }
            String hex = entry.substring(eq + 1);
            if (hex.length() == HEX_LENGTH && hex.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
                out.add(HexFormat.of().parseHex(hex));
            }
        }
        if (out.isEmpty()) {
            throw new HookRejectedException(UNAUTHENTICATED, HookRejectedException.SIGNATURE_INVALID,
                    "X-Ruleworks-Signature must carry v1=<64 hex digits>", Map.of("header", "X-Ruleworks-Signature"));
        }
        return out;
    }

    private static byte[] mac(HookSecret secret, String timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(secret.value().getBytes(StandardCharsets.UTF_8), ALGORITHM));
            mac.update(timestamp.getBytes(StandardCharsets.US_ASCII));
            mac.update((byte) '.');
            return mac.doFinal(body);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
