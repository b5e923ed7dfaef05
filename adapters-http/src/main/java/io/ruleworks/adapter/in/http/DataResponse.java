package io.ruleworks.adapter.in.http;

import io.micronaut.serde.annotation.Serdeable;

/** {@code {"data": ...}}: the contract's single-resource response wrapper. */
@Serdeable
public record DataResponse<T>(T data) {
}
