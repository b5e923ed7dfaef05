package io.ruleworks.adapter.in.http.idempotency;

import io.ruleworks.domain.shared.ValidationException;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IdempotencyKeysTest {

    @Test
    void the_fingerprint_is_the_digest_already_stored_with_earlier_keys() {
        assertThat(IdempotencyKeys.fingerprint("event", "{\"event_type\":\"a\"}"))
                .isEqualTo("b8ad8bee1b920cfffff6aca3bb881815912dcbc0461eada37b604efd3e6de6bf");
        assertThat(IdempotencyKeys.fingerprint("execute r", null))
                .isEqualTo("a222ba5a2939101fcde66c1b357f660952022e2fa7992d1e3a87a596b8634e32");
    }

    @Test
    void another_body_or_operation_gives_another_fingerprint() {
        String first = IdempotencyKeys.fingerprint("event", "{}");
        assertThat(IdempotencyKeys.fingerprint("event", "{ }")).isNotEqualTo(first);
        assertThat(IdempotencyKeys.fingerprint("execute r", "{}")).isNotEqualTo(first);
    }

    @Test
    void an_absent_header_is_no_key() {
        assertThat(IdempotencyKeys.key(null)).isEmpty();
        assertThat(IdempotencyKeys.key("order-42")).isEqualTo(Optional.of("order-42"));
    }

    @Test
    void a_key_with_spaces_or_longer_than_255_characters_is_refused() {
        assertThatThrownBy(() -> IdempotencyKeys.key("has space")).isInstanceOf(ValidationException.class);
        assertThatThrownBy(() -> IdempotencyKeys.key("k".repeat(256))).isInstanceOf(ValidationException.class);
        assertThatThrownBy(() -> IdempotencyKeys.key("")).isInstanceOf(ValidationException.class);
    }
}
