package io.ruleworks.domain.shared;

import io.ruleworks.domain.fixtures.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class ConfigReaderTest {

    private final Violations violations = new Violations();

    private ConfigReader reader(Object... keysAndValues) {
        return new ConfigReader(Json.object(keysAndValues), "trigger_config", violations);
    }

    private List<FieldViolation> reported() {
        return violations.asList();
    }

    @Test
    void an_absent_optional_key_reads_empty_and_is_not_a_violation() {
        Optional<String> value = reader().string("event_source", 1, 200);

        assertThat(value).isEmpty();
        assertThat(reported()).isEmpty();
    }

    @Test
    void a_null_value_counts_as_absent() {
        ConfigReader r = reader("event_type", null);

        Optional<String> value = r.requiredString("event_type", 1, 200);

        assertThat(value).isEmpty();
        assertThat(reported()).containsExactly(new FieldViolation("trigger_config.event_type", "is required"));
    }

    @Test
    void a_source_of_null_reads_as_an_empty_object() {
        ConfigReader r = new ConfigReader(null, "trigger_config", violations);

        r.rejectUnknownKeys();

        assertThat(r.has("anything")).isFalse();
        assertThat(reported()).isEmpty();
    }

    @Test
    void a_missing_required_key_is_reported_with_its_full_path() {
        reader().requiredString("event_type", 1, 200);

        assertThat(reported()).containsExactly(new FieldViolation("trigger_config.event_type", "is required"));
    }

    @Test
    void a_reader_at_the_root_reports_bare_key_names() {
        new ConfigReader(Map.of(), "", violations).requiredString("name", 1, 10);

        assertThat(reported()).extracting(FieldViolation::field).containsExactly("name");
    }

    @Test
    void a_string_of_another_type_is_refused() {
        reader("event_type", 42).string("event_type", 1, 200);

        assertThat(reported()).containsExactly(new FieldViolation("trigger_config.event_type", "must be a string"));
    }

    @Test
    void an_empty_string_is_refused_when_one_character_is_the_minimum() {
        reader("event_type", "").string("event_type", 1, 200);

        assertThat(reported()).containsExactly(new FieldViolation("trigger_config.event_type", "must not be empty"));
    }

    @Test
    void a_string_shorter_than_a_larger_minimum_names_the_minimum() {
        reader("code", "ab").string("code", 3, 10);

        assertThat(reported()).containsExactly(new FieldViolation("trigger_config.code", "must be at least 3 characters"));
    }

    @Test
    void a_string_at_its_maximum_length_is_accepted_and_one_more_character_is_refused() {
        ConfigReader r = reader("at", "x".repeat(10), "over", "x".repeat(11));

        Optional<String> at = r.string("at", 1, 10);
        Optional<String> over = r.string("over", 1, 10);

        assertThat(at).contains("x".repeat(10));
        assertThat(over).isEmpty();
        assertThat(reported()).containsExactly(new FieldViolation("trigger_config.over", "must be at most 10 characters"));
    }

    static Stream<Object> integralNumbers() {
        return Stream.of(3, 3L, (short) 3, (byte) 3, new BigDecimal("3"), new BigDecimal("3.000"), 3.0d, 3.0f,
                BigInteger.valueOf(3));
    }

    @ParameterizedTest
    @MethodSource("integralNumbers")
    void an_integer_may_arrive_as_any_integral_number_type(Object three) {
        Optional<Long> value = reader("batch_size", three).integer("batch_size", 1, 10);

        assertThat(value).contains(3L);
        assertThat(reported()).isEmpty();
    }

    static Stream<Object> nonIntegers() {
        return Stream.of(1.5d, new BigDecimal("2.01"), "3", true, Double.NaN, Double.POSITIVE_INFINITY,
                new BigInteger("123456789012345678901234567890"), new BigDecimal("1E+30"), List.of(3));
    }

    @ParameterizedTest
    @MethodSource("nonIntegers")
    void anything_but_an_integral_number_in_long_range_is_not_an_integer(Object value) {
        reader("batch_size", value).integer("batch_size", Long.MIN_VALUE, Long.MAX_VALUE);

        assertThat(reported()).containsExactly(new FieldViolation("trigger_config.batch_size", "must be an integer"));
    }

    @Test
    void an_integer_outside_its_range_names_the_range() {
        reader("timeout_seconds", 301).integer("timeout_seconds", 1, 300);

        assertThat(reported()).containsExactly(
                new FieldViolation("trigger_config.timeout_seconds", "must be between 1 and 300"));
    }

    @Test
    void integer_range_bounds_are_inclusive() {
        ConfigReader r = reader("low", 1, "high", 300);

        assertThat(r.integer("low", 1, 300)).contains(1L);
        assertThat(r.integer("high", 1, 300)).contains(300L);
        assertThat(reported()).isEmpty();
    }

    @Test
    void a_required_integer_that_is_missing_is_reported_as_required() {
        reader().requiredInteger("check_interval_minutes", 1, 10);

        assertThat(reported()).containsExactly(
                new FieldViolation("trigger_config.check_interval_minutes", "is required"));
    }

    @Test
    void a_boolean_written_as_text_is_refused() {
        reader("skip_if_running", "true").bool("skip_if_running");

        assertThat(reported()).containsExactly(new FieldViolation("trigger_config.skip_if_running", "must be a boolean"));
    }

    @Test
    void an_object_must_be_a_json_object() {
        reader("event_filters", List.of("a")).object("event_filters");

        assertThat(reported()).containsExactly(new FieldViolation("trigger_config.event_filters", "must be an object"));
    }

    @Test
    void one_of_refuses_a_value_outside_the_allowed_set_and_names_the_choices() {
        reader("logic_operator", "xor").oneOf("logic_operator", java.util.Set.of("and"));

        assertThat(reported()).containsExactly(new FieldViolation("trigger_config.logic_operator", "must be one of and"));
    }

    @Test
    void a_required_one_of_that_is_missing_is_reported_as_required() {
        reader().requiredOneOf("schedule_type", java.util.Set.of("daily"));

        assertThat(reported()).containsExactly(new FieldViolation("trigger_config.schedule_type", "is required"));
    }

    @Test
    void a_string_map_reports_each_value_that_is_not_a_string_under_its_own_key() {
        reader("headers", Json.object("X-Ok", "1", "X-Count", 2, "X-Null", null)).stringMap("headers", 10);

        assertThat(reported()).extracting(FieldViolation::field)
                .containsExactly("trigger_config.headers.X-Count", "trigger_config.headers.X-Null");
    }

    @Test
    void a_string_map_with_too_many_entries_is_refused_as_a_whole() {
        reader("headers", Json.object("a", "1", "b", "2", "c", "3")).stringMap("headers", 2);

        assertThat(reported()).containsExactly(
                new FieldViolation("trigger_config.headers", "must have at most 2 entries"));
    }

    @Test
    void a_list_shorter_than_its_minimum_is_refused() {
        reader("to", List.of()).list("to", 1, 5);

        assertThat(reported()).containsExactly(new FieldViolation("trigger_config.to", "must have at least 1 item"));
    }

    @Test
    void a_list_longer_than_its_maximum_is_refused() {
        reader("to", List.of(1, 2, 3)).list("to", 0, 2);

        assertThat(reported()).containsExactly(new FieldViolation("trigger_config.to", "must have at most 2 items"));
    }

    @Test
    void a_list_may_hold_json_nulls() {
        Optional<List<Object>> items = reader("args", Json.array("a", null)).list("args", 0, 5);

        assertThat(items).hasValueSatisfying(l -> assertThat(l).containsExactly("a", null));
    }

    @Test
    void a_string_list_reports_each_bad_item_by_index() {
        reader("to", Json.array("ok@example.com", 7, null, "nope"))
                .stringList("to", 1, 10, ConfigReader.StringCheck.EMAIL_ADDRESS);

        assertThat(reported()).containsExactly(
                new FieldViolation("trigger_config.to[1]", "must be a string"),
                new FieldViolation("trigger_config.to[2]", "must be a string"),
                new FieldViolation("trigger_config.to[3]", "must be an email address"));
    }

    @Test
    void a_string_list_of_good_items_comes_back_in_order() {
        Optional<List<String>> items = reader("to", Json.array("b@example.com", "a@example.com"))
                .stringList("to", 1, 10, ConfigReader.StringCheck.EMAIL_ADDRESS);

        assertThat(items).contains(List.of("b@example.com", "a@example.com"));
    }

    @Test
    void a_known_time_zone_is_read() {
        Optional<ZoneId> zone = reader("timezone", "Europe/Berlin").zone("timezone");

        assertThat(zone).contains(ZoneId.of("Europe/Berlin"));
    }

    @Test
    void an_unknown_time_zone_is_refused() {
        reader("timezone", "Mars/Olympus_Mons").zone("timezone");

        assertThat(reported()).containsExactly(new FieldViolation("trigger_config.timezone",
                "must be an IANA time zone such as Europe/Berlin"));
    }

    @Test
    void an_instant_with_an_offset_is_read_as_the_same_moment() {
        Optional<Instant> instant = reader("start_date", "2026-01-31T10:00:00+01:00").instant("start_date");

        assertThat(instant).contains(Instant.parse("2026-01-31T09:00:00Z"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-01-31", "2026-01-31T09:00:00", "31.01.2026 09:00", "2026-13-01T00:00:00Z",
            "+300000-01-01T00:00:00Z", "+10000-01-01T00:00:00Z", "-0001-12-31T00:00:00Z"})
    void an_instant_without_a_full_date_time_and_offset_is_refused(String text) {
        reader("start_date", text).instant("start_date");

        assertThat(reported()).extracting(FieldViolation::field).containsExactly("trigger_config.start_date");
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://example.com", "http://localhost:8080/hook?x=1", "HTTPS://EXAMPLE.COM/A"})
    void an_absolute_http_or_https_url_is_accepted(String url) {
        Optional<String> value = reader("webhook_url", url).url("webhook_url", false);

        assertThat(value).contains(url);
        assertThat(reported()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"ftp://example.com/file", "/relative/path", "example.com", "http://", "https://exa mple.com",
            "mailto:a@example.com"})
    void anything_but_an_absolute_http_or_https_url_is_refused(String url) {
        reader("webhook_url", url).url("webhook_url", false);

        assertThat(reported()).containsExactly(new FieldViolation("trigger_config.webhook_url",
                "must be an absolute http or https URL"));
    }

    @Test
    void a_required_url_that_is_missing_is_reported_as_required() {
        reader().url("webhook_url", true);

        assertThat(reported()).containsExactly(new FieldViolation("trigger_config.webhook_url", "is required"));
    }

    @Test
    void keys_that_no_reader_method_asked_for_are_reported_as_unknown() {
        ConfigReader r = reader("event_type", "x", "colour", "red", "size", 3);
        r.string("event_type", 1, 200);

        r.rejectUnknownKeys();

        assertThat(reported()).containsExactly(
                new FieldViolation("trigger_config.colour", "is not a known field"),
                new FieldViolation("trigger_config.size", "is not a known field"));
    }

    @Test
    void a_key_asked_for_with_has_counts_as_known() {
        ConfigReader r = reader("to", "x");
        r.has("to");

        r.rejectUnknownKeys();

        assertThat(reported()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"a@b.co", "first.last+tag@sub.example.org"})
    void a_plausible_email_address_passes_the_email_check(String address) {
        assertThat(ConfigReader.StringCheck.EMAIL_ADDRESS.problem(address)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "plain", "a@b", "a@@b.co", "a b@c.de", "@b.co"})
    void an_implausible_email_address_fails_the_email_check(String address) {
        assertThat(ConfigReader.StringCheck.EMAIL_ADDRESS.problem(address)).contains("must be an email address");
    }

    @Test
    void an_email_address_longer_than_254_characters_fails_the_email_check() {
        String address = "a@" + "b".repeat(250) + ".com";

        assertThat(ConfigReader.StringCheck.EMAIL_ADDRESS.problem(address)).contains("must be an email address");
    }

    @Test
    void parse_instant_accepts_offset_and_zulu_forms_and_nothing_else() {
        assertThat(ConfigReader.parseInstant("2026-01-31T09:00:00Z")).contains(Instant.parse("2026-01-31T09:00:00Z"));
        assertThat(ConfigReader.parseInstant("2026-01-31T09:00:00-05:00")).contains(Instant.parse("2026-01-31T14:00:00Z"));
        assertThat(ConfigReader.parseInstant("tomorrow")).isEmpty();
    }
}
