package io.ruleworks.domain.shared;

import java.util.List;
import java.util.function.Function;

/** One page of results and the total number that matched. */
public record Page<T>(List<T> items, PageRequest request, long total) {

    public Page {
        items = List.copyOf(items);
    }

    public int totalPages() {
        return (int) ((total + request.limit() - 1) / request.limit());
    }

    public boolean hasNext() {
        return request.page() < totalPages();
    }

    public boolean hasPrevious() {
        return request.page() > 1;
    }

    public <R> Page<R> map(Function<T, R> mapper) {
        return new Page<>(items.stream().map(mapper).toList(), request, total);
    }
}
