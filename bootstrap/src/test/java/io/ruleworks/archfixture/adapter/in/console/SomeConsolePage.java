package io.ruleworks.archfixture.adapter.in.console;

import io.ruleworks.archfixture.adapter.in.http.SomeController;
import io.ruleworks.archfixture.application.service.SomeService;

/** Deliberately broken: a console page that calls a service directly and reuses the HTTP adapter's controller. */
public class SomeConsolePage {
    public SomeService service;
    public SomeController controller;
}
