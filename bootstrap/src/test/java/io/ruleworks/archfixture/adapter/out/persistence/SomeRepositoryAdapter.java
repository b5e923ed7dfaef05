package io.ruleworks.archfixture.adapter.out.persistence;

import io.ruleworks.archfixture.application.service.SomeService;

/** Deliberately broken fixture: closes the package cycle. */
public class SomeRepositoryAdapter {
    public SomeService service;
}
