package io.ruleworks.archfixture.domain;

import io.ruleworks.archfixture.adapter.out.persistence.SomeRepositoryAdapter;

/** Deliberately broken: a domain class that uses the framework, SQL and an adapter. */
public class FrameworkBoundDomainObject {
    public io.micronaut.core.annotation.AnnotationMetadata metadata;
    public java.sql.Connection connection;
    public SomeRepositoryAdapter adapter;
}
