package io.ruleworks.bootstrap.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ArchitectureTest {

    private static final String ROOT = "io.ruleworks";
    private static JavaClasses product;

    @BeforeAll
    static void importProduct() {
        product = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(location -> !location.contains("-tests.jar"))
                .importPackages(ROOT);
    }

    @Test
    void the_product_has_classes_in_every_ring() {
        for (String ring : List.of(".domain", ".application", ".adapter", ".bootstrap")) {
            assertThat(product.stream().anyMatch(c -> c.getPackageName().startsWith(ROOT + ring))).as(ring).isTrue();
        }
    }

    @Test
    void the_console_is_an_inbound_adapter_of_its_own() {
        assertThat(product.stream().anyMatch(c -> c.getPackageName().startsWith(ROOT + ".adapter.in.console")))
                .isTrue();
    }

    @Test
    void dependencies_point_inward() {
        ArchitectureRules.rings(ROOT).check(product);
    }

    @Test
    void adapters_do_not_import_each_other() {
        ArchitectureRules.adaptersAreIndependent(ROOT).check(product);
    }

    @Test
    void domain_and_application_are_framework_free() {
        ArchitectureRules.coreIsFrameworkFree(ROOT).check(product);
    }

    @Test
    void only_persistence_touches_sql() {
        ArchitectureRules.onlyPersistenceTouchesSql(ROOT).check(product);
    }

    @Test
    void controllers_call_only_inbound_ports() {
        ArchitectureRules.controllersCallOnlyInboundPorts(ROOT).check(product);
    }

    @Test
    void controllers_do_not_depend_on_other_controllers() {
        ArchitectureRules.controllersAreIndependent(ROOT).check(product);
    }

    @Test
    void packages_are_free_of_cycles() {
        ArchitectureRules.noPackageCycles(ROOT).check(product);
    }

    @Test
    void application_services_do_not_depend_on_each_other_both_ways() {
        ArchitectureRules.noCyclesBetweenServices(ROOT).check(product);
    }

    @Test
    void use_cases_are_interfaces() {
        ArchitectureRules.useCasesAreInterfaces(ROOT).check(product);
    }

    @Test
    void ports_and_services_are_grouped_by_feature() {
        ArchitectureRules.portsAndServicesAreGroupedByFeature(ROOT).check(product);
    }

    @Test
    void inbound_ports_are_interfaces_or_records() {
        ArchitectureRules.inboundPortsAreInterfacesOrRecords(ROOT).check(product);
    }

    @Test
    void service_internals_are_package_private() {
        ArchitectureRules.serviceInternalsArePackagePrivate(ROOT).check(product);
    }

    // The rules can fail: the same rules, over fixtures that break them on purpose.

    private static final String FIXTURE = "io.ruleworks.archfixture";

    private static JavaClasses fixtures() {
        return new ClassFileImporter().importPackages(FIXTURE);
    }

    private static void assertViolated(ArchRule rule) {
        assertThat(rule.evaluate(fixtures()).hasViolation()).as(rule.getDescription()).isTrue();
    }

    @Test
    void a_domain_class_importing_the_framework_is_caught() {
        assertViolated(ArchitectureRules.coreIsFrameworkFree(FIXTURE));
    }

    @Test
    void a_domain_class_reaching_into_an_adapter_is_caught() {
        assertViolated(ArchitectureRules.rings(FIXTURE));
    }

    @Test
    void an_adapter_importing_another_adapter_is_caught() {
        assertViolated(ArchitectureRules.adaptersAreIndependent(FIXTURE));
    }

    @Test
    void sql_outside_persistence_is_caught() {
        assertViolated(ArchitectureRules.onlyPersistenceTouchesSql(FIXTURE));
    }

    @Test
    void a_controller_calling_a_service_directly_is_caught() {
        assertViolated(ArchitectureRules.controllersCallOnlyInboundPorts(FIXTURE));
    }

    @Test
    void a_console_page_calling_a_service_directly_is_caught() {
        JavaClasses console = new ClassFileImporter().importPackages(FIXTURE + ".adapter.in.console");
        assertThat(ArchitectureRules.controllersCallOnlyInboundPorts(FIXTURE).evaluate(console).hasViolation())
                .isTrue();
    }

    @Test
    void a_console_page_reusing_the_http_adapter_is_caught() {
        JavaClasses inbound = new ClassFileImporter().importPackages(FIXTURE + ".adapter.in");
        var result = ArchitectureRules.adaptersAreIndependent(FIXTURE).evaluate(inbound);
        assertThat(result.getFailureReport().getDetails()).anyMatch(line -> line.contains("SomeConsolePage"));
    }

    @Test
    void a_controller_using_another_controllers_helper_is_caught() {
        var result = ArchitectureRules.controllersAreIndependent(FIXTURE).evaluate(fixtures());
        assertThat(result.getFailureReport().getDetails())
                .anyMatch(line -> line.contains("BorrowingController") && line.contains("LendingController"))
                .noneMatch(line -> line.contains("SomeController"));
    }

    @Test
    void two_services_depending_on_each_other_are_caught() {
        var result = ArchitectureRules.noCyclesBetweenServices(FIXTURE).evaluate(fixtures());
        assertThat(result.hasViolation()).isTrue();
        assertThat(result.getFailureReport().getDetails())
                .anyMatch(line -> line.contains("SomeRuleService") && line.contains("SomeHookService"));
    }

    @Test
    void a_package_cycle_is_caught() {
        assertViolated(ArchitectureRules.noPackageCycles(FIXTURE));
    }

    @Test
    void a_service_in_the_flat_service_package_is_caught() {
        assertViolated(ArchitectureRules.portsAndServicesAreGroupedByFeature(FIXTURE));
    }

    @Test
    void a_class_with_behaviour_in_port_in_is_caught() {
        assertViolated(ArchitectureRules.inboundPortsAreInterfacesOrRecords(FIXTURE));
    }

    @Test
    void a_public_service_helper_nothing_else_uses_is_caught() {
        var result = ArchitectureRules.serviceInternalsArePackagePrivate(FIXTURE).evaluate(fixtures());
        assertThat(result.getFailureReport().getDetails())
                .anyMatch(line -> line.contains("LonelyPublicHelper"))
                .noneMatch(line -> line.contains("WiredHelper"));
    }
}
