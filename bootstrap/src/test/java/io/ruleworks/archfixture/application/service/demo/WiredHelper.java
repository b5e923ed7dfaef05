package io.ruleworks.archfixture.application.service.demo;

/** Public for a reason: the wiring in another package creates it (see DemoWiring). */
public final class WiredHelper {
}
