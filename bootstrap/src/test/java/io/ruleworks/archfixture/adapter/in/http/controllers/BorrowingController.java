package io.ruleworks.archfixture.adapter.in.http.controllers;

import io.micronaut.context.annotation.Requires;
import io.micronaut.http.annotation.Controller;

/** Deliberately broken: a controller that calls another controller's helper. */
@Controller("/archfixture/borrowing")
@Requires(property = "ruleworks.archfixture.never-set")
public class BorrowingController {

    public String ingest(String body) {
        return LendingController.fingerprint(body);
    }
}
