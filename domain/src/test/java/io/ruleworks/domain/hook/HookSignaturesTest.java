package io.ruleworks.domain.hook;

import io.ruleworks.domain.rule.RuleId;
import io.ruleworks.domain.shared.TenantId;
import org.junit.jupiter.api.Test;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class HookSignaturesTest {

    private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");
    private static final long TS = NOW.getEpochSecond();
    private static final byte[] BODY = "{\"ticket\":{\"id\":42}}".getBytes(StandardCharsets.UTF_8);

    private final HookSignatures signatures = new HookSignatures(Duration.ofMinutes(5));
    private final HookSecret secret = HookSecret.generate();

    private boolean verifies(List<HookSecret> secrets, long timestamp, byte[] body, String header) {
        List<byte[]> presented = signatures.checkHeaders(Optional.of(Long.toString(timestamp)), Optional.of(header), NOW);
        return HookSignatures.matches(secrets, Long.toString(timestamp), body, presented);
    }

    private HookRejectedException refusal(Optional<String> timestamp, Optional<String> signature) {
        return catchThrowableOfType(HookRejectedException.class,
                () -> signatures.checkHeaders(timestamp, signature, NOW));
    }

    @Test
    void a_generated_secret_is_prefixed_and_carries_32_random_bytes() {
        assertThat(secret.value()).startsWith("whsec_").hasSize(6 + 43);
        assertThat(HookSecret.generate()).isNotEqualTo(secret);
        assertThat(secret.toString()).doesNotContain(secret.value().substring(6));
    }

    @Test
    void the_signature_is_the_hmac_of_timestamp_dot_body_as_any_hmac_library_computes_it() throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.value().getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String expected = HexFormat.of().formatHex(mac.doFinal((TS + "." + new String(BODY, StandardCharsets.UTF_8))
                .getBytes(StandardCharsets.UTF_8)));

        assertThat(HookSignatures.sign(secret, TS, BODY)).isEqualTo("v1=" + expected);
    }

    /** Counts the signatures computed, and computes them for real. */
    private static final class CountingSigner implements HookSignatures.Signer {
        final List<HookSecret> signedWith = new java.util.ArrayList<>();

        @Override
        public byte[] sign(HookSecret secret, String timestamp, byte[] body) {
            signedWith.add(secret);
            return HookSignatures.Signer.HMAC_SHA256.sign(secret, timestamp, body);
        }
    }

    private CountingSigner verifyCounting(List<HookSecret> secrets, String header) {
        CountingSigner signer = new CountingSigner();
        List<byte[]> presented = signatures.checkHeaders(Optional.of(Long.toString(TS)), Optional.of(header), NOW);
        HookSignatures.matches(secrets, Long.toString(TS), BODY, presented, signer);
        return signer;
    }

    @Test
    void an_unknown_hook_computes_as_many_signatures_as_a_known_one_so_timing_tells_nothing() {
        String header = HookSignatures.sign(secret, TS, BODY);
        HookSecret previous = HookSecret.generate();

        CountingSigner unknown = verifyCounting(List.of(), header);
        CountingSigner known = verifyCounting(List.of(secret), header);
        CountingSigner rotating = verifyCounting(List.of(secret, previous), header);

        assertThat(unknown.signedWith).hasSize(HookSignatures.MAX_SECRETS);
        assertThat(known.signedWith).hasSize(HookSignatures.MAX_SECRETS).startsWith(secret);
        assertThat(rotating.signedWith).containsExactly(secret, previous);
        assertThat(unknown.signedWith).doesNotContain(secret, previous);
    }

    @Test
    void a_signature_under_a_decoy_never_verifies() {
        CountingSigner signer = verifyCounting(List.of(), HookSignatures.sign(secret, TS, BODY));
        String decoySigned = HookSignatures.sign(signer.signedWith.getFirst(), TS, BODY);

        assertThat(verifies(List.of(), TS, BODY, decoySigned)).isFalse();
    }

    @Test
    void a_valid_signature_verifies() {
        assertThat(verifies(List.of(secret), TS, BODY, HookSignatures.sign(secret, TS, BODY))).isTrue();
    }

    @Test
    void a_signature_made_with_another_secret_does_not_verify() {
        String forged = HookSignatures.sign(HookSecret.generate(), TS, BODY);

        assertThat(verifies(List.of(secret), TS, BODY, forged)).isFalse();
    }

    @Test
    void a_tampered_body_does_not_verify() {
        String header = HookSignatures.sign(secret, TS, BODY);
        byte[] tampered = "{\"ticket\":{\"id\":43}}".getBytes(StandardCharsets.UTF_8);

        assertThat(verifies(List.of(secret), TS, tampered, header)).isFalse();
    }

    @Test
    void a_signature_moved_to_another_timestamp_does_not_verify() {
        String header = HookSignatures.sign(secret, TS, BODY);

        assertThat(verifies(List.of(secret), TS + 1, BODY, header)).isFalse();
    }

    @Test
    void without_any_secret_nothing_verifies_not_even_a_signature_by_the_decoy() {
        assertThat(verifies(List.of(), TS, BODY, HookSignatures.sign(secret, TS, BODY))).isFalse();
    }

    @Test
    void one_matching_value_among_several_is_enough() {
        String header = HookSignatures.sign(HookSecret.generate(), TS, BODY) + ", "
                + HookSignatures.sign(secret, TS, BODY);

        assertThat(verifies(List.of(secret), TS, BODY, header)).isTrue();
    }

    @Test
    void missing_headers_are_refused_as_missing_signature() {
        String header = HookSignatures.sign(secret, TS, BODY);

        assertThat(refusal(Optional.empty(), Optional.of(header)).code()).isEqualTo("HOOK_SIGNATURE_MISSING");
        assertThat(refusal(Optional.of(Long.toString(TS)), Optional.empty()).code()).isEqualTo("HOOK_SIGNATURE_MISSING");
        assertThat(refusal(Optional.of(" "), Optional.of(header)).code()).isEqualTo("HOOK_SIGNATURE_MISSING");
    }

    @Test
    void a_signature_header_without_a_v1_value_is_invalid() {
        assertThat(refusal(Optional.of(Long.toString(TS)), Optional.of("v0=abc")).code())
                .isEqualTo("HOOK_SIGNATURE_INVALID");
        assertThat(refusal(Optional.of(Long.toString(TS)), Optional.of("v1=zz" + "0".repeat(62))).code())
                .isEqualTo("HOOK_SIGNATURE_INVALID");
    }

    @Test
    void a_timestamp_that_is_not_unix_seconds_is_invalid() {
        String header = HookSignatures.sign(secret, TS, BODY);

        assertThat(refusal(Optional.of("2026-06-01T12:00:00Z"), Optional.of(header)).code())
                .isEqualTo("HOOK_TIMESTAMP_INVALID");
        assertThat(refusal(Optional.of("-5"), Optional.of(header)).code()).isEqualTo("HOOK_TIMESTAMP_INVALID");
    }

    @Test
    void a_timestamp_older_than_the_window_is_refused() {
        long old = TS - 301;

        HookRejectedException e = refusal(Optional.of(Long.toString(old)), Optional.of(HookSignatures.sign(secret, old, BODY)));

        assertThat(e.code()).isEqualTo("HOOK_TIMESTAMP_OUT_OF_WINDOW");
        assertThat(e.kind()).isEqualTo(HookRejectedException.Kind.UNAUTHENTICATED);
    }

    @Test
    void a_timestamp_too_far_in_the_future_is_refused() {
        long future = TS + 301;

        assertThat(refusal(Optional.of(Long.toString(future)), Optional.of(HookSignatures.sign(secret, future, BODY)))
                .code()).isEqualTo("HOOK_TIMESTAMP_OUT_OF_WINDOW");
    }

    @Test
    void timestamps_at_the_edges_of_the_window_are_accepted() {
        assertThat(verifies(List.of(secret), TS - 300, BODY, HookSignatures.sign(secret, TS - 300, BODY))).isTrue();
        assertThat(verifies(List.of(secret), TS + 300, BODY, HookSignatures.sign(secret, TS + 300, BODY))).isTrue();
    }

    @Test
    void after_a_rotation_the_old_secret_verifies_within_the_grace_period_only() {
        RuleHook hook = RuleHook.issued(new TenantId(UUID.randomUUID()), new RuleId(UUID.randomUUID()), secret);
        HookSecret next = HookSecret.generate();
        RuleHook rotated = hook.rotate(next, NOW, Duration.ofHours(24));
        String oldSigned = HookSignatures.sign(secret, TS, BODY);

        assertThat(verifies(rotated.acceptedAt(NOW.plus(Duration.ofHours(23))), TS, BODY, oldSigned)).isTrue();
        assertThat(verifies(rotated.acceptedAt(NOW.plus(Duration.ofHours(24))), TS, BODY, oldSigned)).isFalse();
        assertThat(verifies(rotated.acceptedAt(NOW.plus(Duration.ofHours(25))), TS, BODY,
                HookSignatures.sign(next, TS, BODY))).isTrue();
    }

    @Test
    void rotating_twice_ends_the_first_secret_at_once() {
        RuleHook hook = RuleHook.issued(new TenantId(UUID.randomUUID()), new RuleId(UUID.randomUUID()), secret);
        RuleHook twice = hook.rotate(HookSecret.generate(), NOW, Duration.ofHours(24))
                .rotate(HookSecret.generate(), NOW, Duration.ofHours(24));

        assertThat(twice.acceptedAt(NOW)).doesNotContain(secret).hasSize(2);
    }
}
