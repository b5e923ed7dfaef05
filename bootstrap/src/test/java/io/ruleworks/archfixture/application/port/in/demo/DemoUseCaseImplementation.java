package io.ruleworks.archfixture.application.port.in.demo;

/** Deliberately broken: a class with behaviour in port.in, where only interfaces and records belong. */
public class DemoUseCaseImplementation {
    public int run() {
        return 1;
    }
}
