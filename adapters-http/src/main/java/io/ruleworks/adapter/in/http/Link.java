package io.ruleworks.adapter.in.http;

import io.micronaut.serde.annotation.Serdeable;

/** A HATEOAS link; only routes this service really serves are ever linked. */
@Serdeable
public record Link(String href, String method) {

    public static Link get(String href) {
        return new Link(href, "GET");
    }
}
