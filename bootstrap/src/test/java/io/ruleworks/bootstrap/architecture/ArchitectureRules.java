package io.ruleworks.bootstrap.architecture;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.properties.CanBeAnnotated;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import io.micronaut.http.annotation.Controller;
import com.tngtech.archunit.library.Architectures;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;

import static com.tngtech.archunit.core.domain.properties.CanBeAnnotated.Predicates.annotatedWith;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The rings and their rules (docs/architecture.md), as ArchUnit rules over a root package so
 * that they can be checked both on the product and on deliberately violating fixtures.
 */
final class ArchitectureRules {

    private ArchitectureRules() {
    }

    static Architectures.LayeredArchitecture rings(String root) {
        return Architectures.layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("Domain").definedBy(root + ".domain..")
                .layer("Application").definedBy(root + ".application..")
                .layer("Adapters").definedBy(root + ".adapter..")
                .layer("Bootstrap").definedBy(root + ".bootstrap..")
                .whereLayer("Bootstrap").mayNotBeAccessedByAnyLayer()
                .whereLayer("Adapters").mayOnlyBeAccessedByLayers("Bootstrap")
                .whereLayer("Application").mayOnlyBeAccessedByLayers("Adapters", "Bootstrap")
                .whereLayer("Domain").mayOnlyBeAccessedByLayers("Application", "Adapters", "Bootstrap");
    }

    /** Adapters never import each other: each talks to the core through its ports only. */
    static ArchRule adaptersAreIndependent(String root) {
        return slices().matching(root + ".adapter.(*).(*)..")
                .should().notDependOnEachOther();
    }

    /**
     * No framework, JSON binding, SQL or adapter in the core. Small plain-Java libraries are allowed
     * there (re2j, cron-utils, jmustache, java-uuid-generator: the last lives under com.fasterxml.uuid,
     * so Jackson is named by its own package).
     */
    static ArchRule coreIsFrameworkFree(String root) {
        return noClasses().that().resideInAnyPackage(root + ".domain..", root + ".application..")
                .should().dependOnClassesThat().resideInAnyPackage("io.micronaut..", "jakarta.persistence..",
                        "jakarta.inject..", "java.sql..", "javax.sql..", "com.fasterxml.jackson..", root + ".adapter..")
                .because("the domain and application rings are plain Java");
    }

    static ArchRule onlyPersistenceTouchesSql(String root) {
        return noClasses().that().resideOutsideOfPackages(root + ".adapter.out.persistence..", root + ".bootstrap..")
                .should().dependOnClassesThat().resideInAnyPackage("java.sql..", "javax.sql..", "io.micronaut.data..")
                .because("only the persistence adapter talks to the database");
    }

    static ArchRule controllersCallOnlyInboundPorts(String root) {
        return noClasses().that().resideInAPackage(root + ".adapter.in..")
                .should().dependOnClassesThat().resideInAnyPackage(root + ".application.service..",
                        root + ".application.port.out..")
                .allowEmptyShould(true)
                .because("inbound adapters drive the core through port.in use cases only");
    }

    /**
     * A controller does not reach into another controller (for a constant, a helper or a link):
     * what two controllers share lives in a class of its own (links, idempotency keys, errors).
     */
    static ArchRule controllersAreIndependent(String root) {
        DescribedPredicate<CanBeAnnotated> controller = annotatedWith(Controller.class);
        return noClasses().that(controller).and().resideInAPackage(root + ".adapter.in..")
                .should().dependOnClassesThat(controller)
                .allowEmptyShould(true)
                .because("a controller is a thin entry point; what controllers share has a home of its own");
    }

    static ArchRule noPackageCycles(String root) {
        return slices().matching(root + ".(**)").should().beFreeOfCycles();
    }

    /**
     * Application services do not depend on each other in both directions, not even through a
     * constant: each top-level class of {@code application.service} (its nested classes with it) is
     * a slice of its own, and the slices must be free of cycles. What two services share lives in
     * a third class (a registry, a policy) or in the domain.
     */
    static ArchRule noCyclesBetweenServices(String root) {
        String services = root + ".application.service";
        return slices().assignedFrom(new SliceAssignment() {
            @Override
            public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
                if (!javaClass.getPackageName().startsWith(services)) {
                    return SliceIdentifier.ignore();
                }
                JavaClass outermost = javaClass;
                while (outermost.getEnclosingClass().isPresent()) {
                    outermost = outermost.getEnclosingClass().get();
                }
                return SliceIdentifier.of(outermost.getName());
            }

            @Override
            public String getDescription() {
                return "the classes of " + services;
            }
        }).should().beFreeOfCycles();
    }

    static ArchRule useCasesAreInterfaces(String root) {
        return classes().that().resideInAPackage(root + ".application.port..").and().haveSimpleNameEndingWith("UseCase")
                .should().beInterfaces().allowEmptyShould(true);
    }

    /**
     * Ports and services live in a package per feature (port.in.rule, port.out.queue,
     * service.trigger...; docs/architecture.md, "Where to find things"), never in the flat parent.
     */
    static ArchRule portsAndServicesAreGroupedByFeature(String root) {
        return noClasses().should().resideInAnyPackage(root + ".application.port.in", root + ".application.port.out",
                        root + ".application.service")
                .because("each port and service has a feature package (scripts/dev/feature-packages.sh)");
    }

    /** port.in holds the use-case interfaces and the records they take and return, no behaviour. */
    static ArchRule inboundPortsAreInterfacesOrRecords(String root) {
        return classes().that().resideInAPackage(root + ".application.port.in..")
                .should().beInterfaces().orShould().beRecords().allowEmptyShould(true)
                .because("use cases are implemented by services, not in the port");
    }

    /**
     * A service's helper (a top-level class that implements no use case) is public only when a
     * class of another package, in practice bootstrap's wiring, uses it; otherwise it stays
     * package-private inside its feature.
     */
    static ArchRule serviceInternalsArePackagePrivate(String root) {
        DescribedPredicate<JavaClass> implementsAUseCase = DescribedPredicate.describe("implement a use case",
                c -> c.getAllRawInterfaces().stream().anyMatch(i -> i.getPackageName().startsWith(root + ".application.port.in")));
        return classes().that().resideInAPackage(root + ".application.service..").and().areTopLevelClasses()
                .and().arePublic().and(DescribedPredicate.not(implementsAUseCase))
                .should(beUsedFromAnotherPackage()).allowEmptyShould(true)
                .because("what only its feature package needs is package-private");
    }

    private static ArchCondition<JavaClass> beUsedFromAnotherPackage() {
        return new ArchCondition<>("be used from another package") {
            @Override
            public void check(JavaClass item, ConditionEvents events) {
                boolean used = item.getDirectDependenciesToSelf().stream()
                        .anyMatch(d -> !d.getOriginClass().getPackageName().equals(item.getPackageName()));
                if (!used) {
                    events.add(SimpleConditionEvent.violated(item, item.getName()
                            + " is public, implements no use case and no other package uses it: make it package-private"));
                }
            }
        };
    }
}
