package io.ruleworks.adapter.out.persistence.support;

import io.ruleworks.adapter.out.persistence.testing.FreshDatabaseTest;
import io.ruleworks.adapter.out.persistence.access.PostgresTenantRepository;
import io.ruleworks.adapter.out.persistence.rule.PostgresRuleRepository;
import io.micronaut.context.ApplicationContext;
import io.micronaut.data.exceptions.DataAccessException;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.ruleworks.adapter.out.persistence.testing.TestDatabase;
import io.ruleworks.application.port.DependencyUnavailableException;
import io.ruleworks.domain.access.Tenant;
import io.ruleworks.domain.rule.AutomationRule;
import io.ruleworks.domain.shared.TenantId;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Map;
import java.util.UUID;

import static io.ruleworks.adapter.out.persistence.testing.RuleFixture.T0;
import static io.ruleworks.adapter.out.persistence.testing.RuleFixture.ruleOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

/** All of a transaction's writes land together or not at all, and an unreachable server is reported as such. */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JdbcTransactionsTest extends FreshDatabaseTest {

    @Inject
    JdbcTransactions transactions;

    @Inject
    PostgresTenantRepository tenants;

    @Inject
    PostgresRuleRepository rules;

    private static Tenant newTenant() {
        return new Tenant(new TenantId(UUID.randomUUID()), "tenant", T0);
    }

    private long tenantsNamed(TenantId id) {
        return sql.count("SELECT count(*) FROM tenants WHERE tenant = ?", id.value());
    }

    @Test
    void a_failure_inside_the_transaction_rolls_back_every_write_in_it() {
        Tenant tenant = newTenant();
        AutomationRule rule = ruleOf(tenant.id()).build();
        IllegalStateException boom = new IllegalStateException("boom");

        Throwable thrown = catchThrowable(() -> transactions.run(() -> {
            tenants.save(tenant);
            rules.insert(rule);
            throw boom;
        }));

        assertThat(thrown).isSameAs(boom);
        assertThat(tenants.exists(tenant.id())).isFalse();
        assertThat(rules.findById(tenant.id(), rule.id())).isEmpty();
    }

    @Test
    void a_database_error_rolls_back_the_earlier_writes_of_the_transaction() {
        Tenant tenant = newTenant();
        Tenant duplicate = new Tenant(tenant.id(), "same id again", T0);

        Throwable thrown = catchThrowable(() -> transactions.run(() -> {
            tenants.save(tenant);
            rules.insert(ruleOf(tenant.id()).build());
            tenants.save(duplicate);
        }));

        assertThat(thrown).isInstanceOf(DataAccessException.class).isNotInstanceOf(DependencyUnavailableException.class);
        assertThat(tenantsNamed(tenant.id())).isZero();
        assertThat(sql.count("SELECT count(*) FROM automation_rules WHERE tenant = ?", tenant.id().value())).isZero();
    }

    @Test
    void writes_become_visible_to_other_connections_only_at_commit() {
        Tenant tenant = newTenant();

        long seenFromOutside = transactions.inTransaction(() -> {
            tenants.save(tenant);
            assertThat(tenants.exists(tenant.id())).as("visible inside its own transaction").isTrue();
            return tenantsNamed(tenant.id());
        });

        assertThat(seenFromOutside).isZero();
        assertThat(tenantsNamed(tenant.id())).isEqualTo(1);
    }

    @Test
    void an_unreachable_server_surfaces_as_dependency_unavailable() throws IOException {
        int closedPort;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = probe.getLocalPort();
        }
        Map<String, Object> unreachable = Map.of(
                "datasources.default.url", "jdbc:postgresql://127.0.0.1:" + closedPort + "/nowhere",
                "datasources.default.username", TestDatabase.USER,
                "datasources.default.password", "",
                "datasources.default.initialization-fail-timeout", "-1",
                "datasources.default.connection-timeout", "1000",
                "flyway.datasources.default.enabled", "false",
                "ruleworks.database.create-if-missing", "false");

        try (ApplicationContext context = ApplicationContext.builder().environments("test").properties(unreachable)
                .start()) {
            JdbcTransactions offline = context.getBean(JdbcTransactions.class);
            PostgresTenantRepository offlineTenants = context.getBean(PostgresTenantRepository.class);

            assertThatThrownBy(() -> offline.inTransaction(() -> 1))
                    .isInstanceOf(DependencyUnavailableException.class);
            assertThatThrownBy(() -> offlineTenants.exists(new TenantId(UUID.randomUUID())))
                    .isInstanceOf(DependencyUnavailableException.class);
        }
    }
}
