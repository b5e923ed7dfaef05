package io.ruleworks.domain.shared;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link ConfigReader#parseInstant} reads {@link Instant#toString()}'s form without a DateTimeFormatter, and
 * gives for every text exactly what it gave when every text went through OffsetDateTime.parse, then
 * Instant.parse ({@link #formerParseInstant}, kept here as it was).
 */
class ParseInstantPropertyTest {

    @Property(tries = 5_000)
    void an_instant_in_range_reads_back_from_its_string_form(@ForAll("instantsInRange") Instant instant) {
        assertThat(ConfigReader.parseInstant(instant.toString())).contains(instant);
    }

    @Property(tries = 5_000)
    void any_text_of_the_canonical_shape_reads_as_it_did_before(@ForAll("canonicalShapes") String text) {
        assertThat(ConfigReader.parseInstant(text)).isEqualTo(formerParseInstant(text));
    }

    @Example
    void texts_outside_the_canonical_form_read_as_they_did_before() {
        List<String> texts = List.of(
                "2026-12-08T03:15:00+02:00", "2026-12-08T03:15:00.5-05:30", "2026-12-08T03:15:00+00:00",
                "2026-12-08t03:15:00Z", "2026-12-08T03:15:00z", "2026-12-08T03:15Z", "2026-12-08T03:15:00.Z",
                "2026-12-08T03:15:00.1234567890Z", "2026-12-31T23:59:60Z", "2016-12-31T23:59:60Z",
                "0000-01-01T00:00:00Z", "0001-01-01T00:00:00Z", "9999-12-31T23:59:59.999999Z",
                "9999-12-31T23:59:59.9999999Z", "10000-01-01T00:00:00Z", "+10000-01-01T00:00:00Z",
                "-0001-01-01T00:00:00Z", "2026-02-30T00:00:00Z", "2024-02-29T00:00:00Z", "2026-02-29T00:00:00Z",
                "2026-04-31T00:00:00Z", "2026-12-08T24:00:00Z", "2026-12-31T24:00:00Z", "2026-13-01T00:00:00Z",
                "2026-12-08T03:60:00Z", "2026-12-08 03:15:00Z", "2026-12-08T03:15:00", "２０２６-12-08T03:15:00Z",
                "2026-12-08T03:15:00.12345Z", "tomorrow", "");
        texts.forEach(text -> assertThat(ConfigReader.parseInstant(text)).as(text).isEqualTo(formerParseInstant(text)));
    }

    @Provide
    Arbitrary<Instant> instantsInRange() {
        Arbitrary<Long> seconds = Arbitraries.longs()
                .between(ConfigReader.EARLIEST.getEpochSecond(), ConfigReader.LATEST.getEpochSecond());
        Arbitrary<Integer> nanos = Arbitraries.oneOf(Arbitraries.just(0),
                Arbitraries.integers().between(0, 999).map(ms -> ms * 1_000_000),
                Arbitraries.integers().between(0, 999_999).map(us -> us * 1_000),
                Arbitraries.integers().between(0, 999_999_999));
        return Combinators.combine(seconds, nanos).as(Instant::ofEpochSecond)
                .filter(instant -> !instant.isAfter(ConfigReader.LATEST));
    }

    /** Texts of the form YYYY-MM-DDTHH:mm:ss[.f]Z with fields not always in range (months 00-19, days 00-39...). */
    @Provide
    Arbitrary<String> canonicalShapes() {
        Arbitrary<String> fraction = Arbitraries.strings().withCharRange('0', '9').ofMinLength(1).ofMaxLength(9)
                .map(f -> "." + f);
        return Combinators.combine(digits(4, 9999), digits(2, 19), digits(2, 39), digits(2, 29), digits(2, 69),
                        digits(2, 69), Arbitraries.oneOf(Arbitraries.just(""), fraction))
                .as((year, month, day, hour, minute, second, f) ->
                        year + "-" + month + "-" + day + "T" + hour + ":" + minute + ":" + second + f + "Z");
    }

    private static Arbitrary<String> digits(int width, int max) {
        return Arbitraries.integers().between(0, max).map(n -> String.format("%0" + width + "d", n));
    }

    private static Optional<Instant> formerParseInstant(String text) {
        Instant parsed;
        try {
            parsed = OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            try {
                parsed = Instant.parse(text);
            } catch (DateTimeParseException e2) {
                return Optional.empty();
            }
        }
        return parsed.isBefore(ConfigReader.EARLIEST) || parsed.isAfter(ConfigReader.LATEST)
                ? Optional.empty() : Optional.of(parsed);
    }
}
