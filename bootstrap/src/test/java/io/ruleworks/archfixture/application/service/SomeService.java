package io.ruleworks.archfixture.application.service;

import io.ruleworks.archfixture.domain.FrameworkBoundDomainObject;

/** Deliberately broken: part of a package cycle with the domain fixture (domain -> adapter -> service -> domain). */
public class SomeService {
    public FrameworkBoundDomainObject object;
}
