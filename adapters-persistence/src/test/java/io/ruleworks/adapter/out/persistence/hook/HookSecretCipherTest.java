package io.ruleworks.adapter.out.persistence.hook;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HookSecretCipherTest {

    private static final String SECRET = "whsec_0123456789012345678901234567890123456789012";

    @Test
    void with_a_key_a_secret_round_trips_and_each_sealing_differs() {
        HookSecretCipher cipher = new HookSecretCipher(PostgresHookStoreTest.KEY);

        String once = cipher.seal(SECRET, "t/r");
        String twice = cipher.seal(SECRET, "t/r");

        assertThat(once).startsWith("aesgcm:").isNotEqualTo(twice).doesNotContain(SECRET);
        assertThat(cipher.open(once, "t/r")).isEqualTo(SECRET);
    }

    @Test
    void without_a_key_secrets_are_stored_plain_and_still_read_once_a_key_is_set() {
        String stored = new HookSecretCipher("").seal(SECRET, "t/r");

        assertThat(stored).isEqualTo("plain:" + SECRET);
        assertThat(new HookSecretCipher(PostgresHookStoreTest.KEY).open(stored, "t/r")).isEqualTo(SECRET);
    }

    @Test
    void a_wrong_key_does_not_decrypt() {
        String sealed = new HookSecretCipher(PostgresHookStoreTest.KEY).seal(SECRET, "t/r");
        HookSecretCipher other = new HookSecretCipher("ZmVkY2JhOTg3NjU0MzIxMGZlZGNiYTk4NzY1NDMyMTA=");

        assertThatThrownBy(() -> other.open(sealed, "t/r")).hasMessageContaining("does not decrypt");
        assertThatThrownBy(() -> new HookSecretCipher("").open(sealed, "t/r"))
                .hasMessageContaining("secret-key is not set");
    }

    @Test
    void a_key_that_is_not_32_bytes_of_base64_is_refused_at_start() {
        assertThatThrownBy(() -> new HookSecretCipher("c2hvcnQ=")).hasMessageContaining("32 bytes");
        assertThatThrownBy(() -> new HookSecretCipher("not base64!")).hasMessageContaining("base64");
    }
}
