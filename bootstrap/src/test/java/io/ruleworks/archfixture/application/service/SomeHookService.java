package io.ruleworks.archfixture.application.service;

/** Deliberately broken: the other half of the loop with {@link SomeRuleService}. */
public class SomeHookService {

    public String forget() {
        return SomeRuleService.resource();
    }
}
