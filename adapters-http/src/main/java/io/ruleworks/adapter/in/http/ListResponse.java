package io.ruleworks.adapter.in.http;

import io.micronaut.serde.annotation.Serdeable;
import io.ruleworks.domain.shared.Page;

import java.util.List;
import java.util.Map;

/** {@code {"data": [...], "pagination": {...}, "meta": {"filters", "resource"}}} as the contract's list pages show. */
@Serdeable
public record ListResponse<T>(List<T> data, Pagination pagination, Meta meta) {

    @Serdeable
    public record Pagination(int page, int limit, long total, int totalPages, boolean hasNext, boolean hasPrev) {
        public static Pagination of(Page<?> page) {
            return new Pagination(page.request().page(), page.request().limit(), page.total(), page.totalPages(),
                    page.hasNext(), page.hasPrevious());
        }
    }

    @Serdeable
    public record Meta(Map<String, Object> filters, String resource) {
    }
}
