package io.ruleworks.archfixture.application.service;

/** Deliberately broken: calls the hook service, which calls back into this one (a loop between services). */
public class SomeRuleService {

    private final SomeHookService hooks = new SomeHookService();

    static String resource() {
        return "automation_rule";
    }

    public void delete() {
        hooks.forget();
    }
}
