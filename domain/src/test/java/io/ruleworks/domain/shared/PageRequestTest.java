package io.ruleworks.domain.shared;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class PageRequestTest {

    @ParameterizedTest(name = "page {0} of {1} starts at {2}")
    @CsvSource({"1, 25, 0", "2, 25, 25", "3, 100, 200", "1000000, 100, 99999900"})
    void the_offset_skips_the_earlier_pages(int page, int limit, long offset) {
        assertThat(new PageRequest(page, limit).offset()).isEqualTo(offset);
    }

    @ParameterizedTest
    @CsvSource({"0, 25", "-1, 25", "1000001, 25"})
    void a_page_number_outside_one_to_a_million_is_refused(int page, int limit) {
        assertThatIllegalArgumentException().isThrownBy(() -> new PageRequest(page, limit))
                .withMessageContaining("page");
    }

    @ParameterizedTest
    @CsvSource({"1, 0", "1, 101", "1, -5"})
    void a_limit_outside_one_to_one_hundred_is_refused(int page, int limit) {
        assertThatIllegalArgumentException().isThrownBy(() -> new PageRequest(page, limit))
                .withMessageContaining("limit");
    }

    @Test
    void the_limit_bounds_themselves_are_allowed() {
        assertThat(new PageRequest(1, 1).limit()).isEqualTo(1);
        assertThat(new PageRequest(1, 100).limit()).isEqualTo(100);
    }
}
