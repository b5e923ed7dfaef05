package io.ruleworks.domain.shared;

import java.util.List;
import java.util.function.Function;

/**
 * One page of results and the total number that matched. When counting stopped at a cap
 * ({@code totalCapped}), more than {@code total} matched: {@code total} is a lower bound, and there
 * is a next page.
 */
public record Page<T>(List<T> items, PageRequest request, long total, boolean totalCapped) {

    public Page {
        items = List.copyOf(items);
    }

    /** A page with the exact total. */
    public Page(List<T> items, PageRequest request, long total) {
        this(items, request, total, false);
    }

    public int totalPages() {
        return (int) ((total + request.limit() - 1) / request.limit());
    }

    public boolean hasNext() {
        return totalCapped || request.page() < totalPages();
    }

    public boolean hasPrevious() {
        return request.page() > 1;
    }

    public <R> Page<R> map(Function<T, R> mapper) {
        return new Page<>(items.stream().map(mapper).toList(), request, total, totalCapped);
    }
}
