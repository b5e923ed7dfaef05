package io.ruleworks.domain.shared;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PageTest {

    private static Page<String> page(int page, int limit, long total) {
        return new Page<>(List.of(), new PageRequest(page, limit), total);
    }

    @ParameterizedTest(name = "{0} items in pages of {1} make {2} pages")
    @CsvSource({"0, 25, 0", "1, 25, 1", "25, 25, 1", "26, 25, 2", "100, 10, 10", "101, 10, 11", "7, 1, 7"})
    void total_pages_rounds_up(long total, int limit, int expectedPages) {
        assertThat(page(1, limit, total).totalPages()).isEqualTo(expectedPages);
    }

    @Test
    void the_first_of_two_pages_has_a_next_page_and_no_previous_one() {
        Page<String> first = page(1, 10, 11);

        assertThat(first.hasNext()).isTrue();
        assertThat(first.hasPrevious()).isFalse();
    }

    @Test
    void the_last_page_has_a_previous_page_and_no_next_one() {
        Page<String> last = page(2, 10, 11);

        assertThat(last.hasNext()).isFalse();
        assertThat(last.hasPrevious()).isTrue();
    }

    @Test
    void a_page_past_the_end_has_no_next_page() {
        assertThat(page(5, 10, 11).hasNext()).isFalse();
    }

    @Test
    void an_empty_result_has_neither_next_nor_previous() {
        Page<String> empty = page(1, 25, 0);

        assertThat(empty.hasNext()).isFalse();
        assertThat(empty.hasPrevious()).isFalse();
    }

    @Test
    void a_page_whose_count_stopped_at_a_cap_has_a_next_page_and_says_so() {
        Page<String> capped = new Page<>(List.of(), new PageRequest(400, 25), 10_000, true);

        assertThat(capped.totalPages()).isEqualTo(400);
        assertThat(capped.hasNext()).isTrue();
        assertThat(capped.map(String::length).totalCapped()).isTrue();
        assertThat(page(400, 25, 10_000).totalCapped()).isFalse();
        assertThat(page(400, 25, 10_000).hasNext()).isFalse();
    }

    @Test
    void mapping_a_page_keeps_its_request_and_total() {
        Page<String> page = new Page<>(List.of("a", "bb"), new PageRequest(3, 2), 9);

        Page<Integer> mapped = page.map(String::length);

        assertThat(mapped).isEqualTo(new Page<>(List.of(1, 2), new PageRequest(3, 2), 9));
    }

    @Test
    void a_page_does_not_follow_later_changes_to_the_list_it_was_made_from() {
        List<String> items = new ArrayList<>(List.of("a"));
        Page<String> page = new Page<>(items, new PageRequest(1, 10), 1);

        items.add("b");

        assertThat(page.items()).containsExactly("a");
    }
}
