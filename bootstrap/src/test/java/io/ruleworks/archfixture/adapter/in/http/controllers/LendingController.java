package io.ruleworks.archfixture.adapter.in.http.controllers;

import io.micronaut.context.annotation.Requires;
import io.micronaut.http.annotation.Controller;

/** A controller with a helper another controller borrows (never a bean: the property is never set). */
@Controller("/archfixture/lending")
@Requires(property = "ruleworks.archfixture.never-set")
public class LendingController {

    public static String fingerprint(String body) {
        return body;
    }
}
