package io.ruleworks.archfixture.application.service.demo;

/** Deliberately broken: public, implements no use case, and no other package uses it. */
public final class LonelyPublicHelper {
}
