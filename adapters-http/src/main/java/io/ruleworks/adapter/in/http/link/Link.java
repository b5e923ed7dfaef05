package io.ruleworks.adapter.in.http.link;

import io.micronaut.serde.annotation.Serdeable;

/** A HATEOAS link as Alga's generateResourceLinks writes it: {@code {href, method, rel}}. */
@Serdeable
public record Link(String href, String method, String rel) {
}
