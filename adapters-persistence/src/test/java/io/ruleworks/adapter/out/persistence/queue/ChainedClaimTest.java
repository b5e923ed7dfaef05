package io.ruleworks.adapter.out.persistence.queue;

import io.ruleworks.adapter.out.persistence.access.PostgresTenantRepository;
import io.ruleworks.adapter.out.persistence.rule.PostgresRuleRepository;
import io.ruleworks.adapter.out.persistence.testing.FreshDatabaseTest;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.ruleworks.application.port.out.queue.ExecutionClaims.Claim;
import io.ruleworks.domain.access.Tenant;
import io.ruleworks.domain.rule.AutomationRule;
import io.ruleworks.domain.rule.RuleId;
import io.ruleworks.domain.shared.TenantId;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static io.ruleworks.adapter.out.persistence.testing.RuleFixture.T0;
import static io.ruleworks.adapter.out.persistence.testing.RuleFixture.ruleOf;
import static org.assertj.core.api.Assertions.assertThat;

/** An execution chained with execution_context.run_after is claimed only once its predecessor has finished. */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ChainedClaimTest extends FreshDatabaseTest {

    @Inject
    PostgresExecutionClaims claims;

    @Inject
    PostgresRuleRepository rules;

    @Inject
    PostgresTenantRepository tenants;

    private UUID pending(TenantId tenant, String context) {
        AutomationRule rule = ruleOf(tenant).build();
        rules.insert(rule);
        UUID id = UUID.randomUUID();
        Instant created = Instant.now().minusSeconds(60);
        sql.update("""
                INSERT INTO automation_executions (tenant, execution_id, automation_rule_id, trigger_type, status,
                                                   priority_rank, execution_context, created_at, updated_at,
                                                   available_at)
                VALUES (?, ?, ?, 'manual', 'pending', 2, ?::jsonb, ?, ?, ?)""",
                tenant.value(), id, rule.id().value(), context, created, created, created);
        return id;
    }

    private List<UUID> claimAll() {
        return claims.claim("worker-1", 10, Duration.ofSeconds(30)).stream().map(c -> c.id().value()).toList();
    }

    @Test
    void the_next_execution_of_a_chain_waits_until_the_previous_one_reaches_a_final_state() {
        TenantId tenant = new TenantId(UUID.randomUUID());
        tenants.save(new Tenant(tenant, "chain", T0));
        UUID head = pending(tenant, "{}");
        UUID tail = pending(tenant, "{\"run_after\": \"" + head + "\"}");

        assertThat(claimAll()).containsExactly(head);
        assertThat(claimAll()).isEmpty();

        sql.update("UPDATE automation_executions SET status = 'failed', completed_at = now() WHERE execution_id = ?", head);

        assertThat(claimAll()).containsExactly(tail);
    }
}
