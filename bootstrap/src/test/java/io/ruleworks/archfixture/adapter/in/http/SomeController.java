package io.ruleworks.archfixture.adapter.in.http;

import io.ruleworks.archfixture.adapter.out.persistence.SomeRepositoryAdapter;
import io.ruleworks.archfixture.application.service.SomeService;

/** Deliberately broken: a controller that calls a service class and another adapter, and touches SQL. */
public class SomeController {
    public SomeService service;
    public SomeRepositoryAdapter repository;
    public javax.sql.DataSource dataSource;
}
