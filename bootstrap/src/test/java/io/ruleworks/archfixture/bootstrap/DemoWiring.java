package io.ruleworks.archfixture.bootstrap;

import io.ruleworks.archfixture.application.service.demo.WiredHelper;

/** Creates the service helper from another package, as CoreFactory does, so that one may be public. */
public final class DemoWiring {
    public WiredHelper helper() {
        return new WiredHelper();
    }
}
