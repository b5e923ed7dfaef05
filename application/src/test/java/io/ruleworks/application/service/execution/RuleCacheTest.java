package io.ruleworks.application.service.execution;

import io.ruleworks.application.fixtures.InMemoryAutomationRuleRepository;
import io.ruleworks.domain.fixtures.MutableClock;
import io.ruleworks.domain.fixtures.RuleDrafts;
import io.ruleworks.domain.fixtures.TenantIds;
import io.ruleworks.domain.rule.AutomationRule;
import io.ruleworks.domain.rule.RuleId;
import io.ruleworks.domain.shared.TenantId;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class RuleCacheTest {

    private final MutableClock clock = MutableClock.standing();
    private final InMemoryAutomationRuleRepository repository = new InMemoryAutomationRuleRepository();
    private final RuleCache cache = new RuleCache(repository, 2);
    private final TenantId tenant = TenantIds.random();

    private AutomationRule stored(String name) {
        AutomationRule rule = AutomationRule.create(RuleId.newId(), tenant,
                RuleDrafts.aRule().withName(name).build(), Optional.empty(), clock);
        repository.insert(rule);
        return rule;
    }

    private long reads() {
        return repository.calls().stream().filter("findById"::equals).count();
    }

    @Test
    void a_rule_of_the_version_the_claim_saw_is_read_once() {
        AutomationRule rule = stored("cached");

        cache.find(tenant, rule.id(), Optional.of(rule.updatedAt()));
        cache.find(tenant, rule.id(), Optional.of(rule.updatedAt()));

        assertThat(reads()).isEqualTo(1);
    }

    @Test
    void an_edited_rule_is_read_again_and_the_new_definition_is_used() {
        AutomationRule rule = stored("before");
        cache.find(tenant, rule.id(), Optional.of(rule.updatedAt()));
        clock.advance(Duration.ofSeconds(1));
        rule.revise(RuleDrafts.aPatch().withName("after").build(), clock);
        repository.update(rule);

        AutomationRule seen = cache.find(tenant, rule.id(), Optional.of(rule.updatedAt())).orElseThrow();

        assertThat(seen.definition().name()).isEqualTo("after");
        assertThat(reads()).isEqualTo(2);
    }

    @Test
    void without_a_known_version_the_rule_is_always_read() {
        AutomationRule rule = stored("unknown version");

        cache.find(tenant, rule.id(), Optional.empty());
        cache.find(tenant, rule.id(), Optional.empty());

        assertThat(reads()).isEqualTo(2);
    }

    @Test
    void the_least_recently_used_rule_is_dropped_beyond_capacity() {
        AutomationRule first = stored("first");
        AutomationRule second = stored("second");
        AutomationRule third = stored("third");
        cache.find(tenant, first.id(), Optional.of(first.updatedAt()));
        cache.find(tenant, second.id(), Optional.of(second.updatedAt()));
        cache.find(tenant, third.id(), Optional.of(third.updatedAt()));

        cache.find(tenant, first.id(), Optional.of(first.updatedAt()));

        assertThat(reads()).isEqualTo(4);
    }
}
