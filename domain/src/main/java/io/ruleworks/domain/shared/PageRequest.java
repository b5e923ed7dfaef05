package io.ruleworks.domain.shared;

/** A 1-based page of at most {@link #MAX_LIMIT} items. */
public record PageRequest(int page, int limit) {

    public static final int MAX_LIMIT = 100;
    public static final int DEFAULT_LIMIT = 25;
    public static final int MAX_PAGE = 1_000_000;

    public PageRequest {
        if (page < 1 || page > MAX_PAGE) {
            throw new IllegalArgumentException("page must be 1 to " + MAX_PAGE);
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be 1 to " + MAX_LIMIT);
        }
    }

    public long offset() {
        return (long) (page - 1) * limit;
    }
}
