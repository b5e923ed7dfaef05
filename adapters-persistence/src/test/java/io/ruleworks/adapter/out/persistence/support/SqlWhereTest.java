package io.ruleworks.adapter.out.persistence.support;

import io.ruleworks.adapter.out.persistence.testing.TestDatabase;
import io.ruleworks.domain.shared.Page;
import io.ruleworks.domain.shared.PageRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A list page's total: counted when the page cannot tell it, implied without a count statement when
 * it can (a page shorter than its limit with rows is the last; an empty first page means none match).
 * Either way the total is the exact number of matches, as the count would give. 30 rows of group 1,
 * 15 of group 2, none of group 3; pages of 25.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SqlWhereTest {

    private static final String PAGE_SQL = "SELECT n FROM items WHERE grp = ? ORDER BY n LIMIT ? OFFSET ?";

    private Connection real;
    private Connection recording;
    private final List<String> prepared = new ArrayList<>();

    @BeforeAll
    void createTable() throws SQLException {
        real = DriverManager.getConnection(TestDatabase.create().url(), TestDatabase.USER, "");
        try (var s = real.createStatement()) {
            s.execute("CREATE TABLE items (grp int NOT NULL, n int NOT NULL)");
            s.execute("INSERT INTO items SELECT 1, g FROM generate_series(1, 30) g");
            s.execute("INSERT INTO items SELECT 2, g FROM generate_series(1, 15) g");
        }
        recording = (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Connection.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("prepareStatement")) {
                        prepared.add((String) args[0]);
                    }
                    try {
                        return method.invoke(real, args);
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    @AfterAll
    void close() throws SQLException {
        real.close();
    }

    @BeforeEach
    void forget() {
        prepared.clear();
    }

    private Page<Integer> page(int group, int page) throws SQLException {
        return new SqlWhere("grp = ?", group).page(recording, "items", PAGE_SQL, new PageRequest(page, 25),
                rs -> rs.getInt("n"));
    }

    private Page<Integer> cappedPage(int group, int page, int cap) throws SQLException {
        return new SqlWhere("grp = ?", group).page(recording, "items", PAGE_SQL, new PageRequest(page, 25),
                rs -> rs.getInt("n"), cap);
    }

    private long counts() {
        return prepared.stream().filter(sql -> sql.contains("count(*)")).count();
    }

    @Test
    void a_first_page_shorter_than_its_limit_is_the_total_without_a_count() throws SQLException {
        Page<Integer> page = page(2, 1);

        assertThat(page.items()).hasSize(15);
        assertThat(page.total()).isEqualTo(15);
        assertThat(page.hasNext()).isFalse();
        assertThat(counts()).isZero();
    }

    @Test
    void a_full_page_counts_the_total() throws SQLException {
        Page<Integer> page = page(1, 1);

        assertThat(page.items()).hasSize(25);
        assertThat(page.total()).isEqualTo(30);
        assertThat(page.hasNext()).isTrue();
        assertThat(counts()).isEqualTo(1);
    }

    @Test
    void the_last_page_with_rows_implies_the_total_from_its_offset() throws SQLException {
        Page<Integer> page = page(1, 2);

        assertThat(page.items()).containsExactly(26, 27, 28, 29, 30);
        assertThat(page.total()).isEqualTo(30);
        assertThat(counts()).isZero();
    }

    @Test
    void an_empty_page_past_the_end_still_counts_the_total() throws SQLException {
        Page<Integer> page = page(1, 3);

        assertThat(page.items()).isEmpty();
        assertThat(page.total()).isEqualTo(30);
        assertThat(counts()).isEqualTo(1);
    }

    @Test
    void an_empty_first_page_means_no_match() throws SQLException {
        Page<Integer> page = page(3, 1);

        assertThat(page.items()).isEmpty();
        assertThat(page.total()).isZero();
        assertThat(counts()).isZero();
    }

    @Test
    void the_capped_count_is_skipped_the_same_way_and_stays_exact() throws SQLException {
        Page<Integer> last = cappedPage(1, 2, 10);
        assertThat(last.total()).isEqualTo(30);
        assertThat(last.totalCapped()).isFalse();
        assertThat(counts()).isZero();

        Page<Integer> full = cappedPage(1, 1, 10);
        assertThat(full.total()).isEqualTo(25);
        assertThat(full.totalCapped()).isTrue();
        assertThat(counts()).isEqualTo(1);
    }

    @Test
    void the_implied_total_is_what_the_count_gives_for_every_page_and_group() throws SQLException {
        for (int group = 1; group <= 3; group++) {
            for (int p = 1; p <= 4; p++) {
                long implied = SqlWhere.totalOf(page(group, p).items().size(), new PageRequest(p, 25));
                long counted = new SqlWhere("grp = ?", group).count(real, "items");
                if (implied >= 0) {
                    assertThat(implied).as("group %d page %d", group, p).isEqualTo(counted);
                }
            }
        }
    }
}
