package io.ruleworks.domain.execution;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class RedactorTest {

    @Test
    void masksEveryOccurrenceInText() {
        Redactor redactor = Redactor.of(List.of("s3cr3t"));

        assertThat(redactor.redact("token s3cr3t and again s3cr3t!")).isEqualTo("token [REDACTED] and again [REDACTED]!");
    }

    @Test
    void masksTheLongerSecretWholeWhenOneContainsAnother() {
        Redactor redactor = Redactor.of(List.of("abc", "abcdef"));

        assertThat(redactor.redact("x abcdef y abc")).isEqualTo("x [REDACTED] y [REDACTED]");
    }

    @Test
    void masksNestedMapsListsAndKeysButKeepsOtherTypes() {
        Redactor redactor = Redactor.of(List.of("hunter2"));

        Object out = redactor.redactValue(Map.of(
                "body", List.of("pw=hunter2", 42, true),
                "hunter2", Map.of("deep", "hunter2hunter2")));

        assertThat(out).isEqualTo(Map.of(
                "body", List.of("pw=[REDACTED]", 42, true),
                "[REDACTED]", Map.of("deep", "[REDACTED][REDACTED]")));
    }

    @Test
    void ignoresNullAndEmptyValuesSoNothingIsMaskedByAccident() {
        Redactor redactor = Redactor.of(Arrays.asList(null, ""));

        assertThat(redactor.masksNothing()).isTrue();
        assertThat(redactor.redact("plain text")).isEqualTo("plain text");
        assertThat(Redactor.NONE.redactValue(Map.of("a", "b"))).isEqualTo(Map.of("a", "b"));
    }

    @Test
    void nullTextStaysNull() {
        assertThat(Redactor.of(List.of("x")).redact(null)).isNull();
    }
}
