package io.ruleworks.adapter.in.console;

import io.micronaut.http.HttpStatus;

/** A console request refused before any use case ran: a missing CSRF token, a missing permission. */
public final class ConsoleRefusal extends RuntimeException {

    private final HttpStatus status;

    public ConsoleRefusal(HttpStatus status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    public HttpStatus status() {
        return status;
    }
}
