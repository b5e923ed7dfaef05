package io.ruleworks.adapter.out.persistence.rule;

import io.ruleworks.adapter.out.persistence.access.PostgresTenantRepository;
import io.ruleworks.adapter.out.persistence.testing.FreshDatabaseTest;
import io.ruleworks.adapter.out.persistence.testing.DirectSql;
import io.ruleworks.domain.fixtures.RuleFilters;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.ruleworks.domain.access.Tenant;
import io.ruleworks.domain.rule.AutomationRule;
import io.ruleworks.domain.rule.Priority;
import io.ruleworks.domain.rule.RuleFilter;
import io.ruleworks.domain.rule.RuleId;
import io.ruleworks.domain.rule.RuleSortField;
import io.ruleworks.domain.rule.RuleStatus;
import io.ruleworks.domain.rule.TriggerType;
import io.ruleworks.domain.shared.Page;
import io.ruleworks.domain.shared.PageRequest;
import io.ruleworks.domain.shared.SortOrder;
import io.ruleworks.domain.shared.TenantId;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import static io.ruleworks.adapter.out.persistence.testing.RuleFixture.T0;
import static io.ruleworks.adapter.out.persistence.testing.RuleFixture.ruleOf;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * GET /rules at the database: every filter, every sort in both directions, paging and tenant
 * isolation, over one fixture of six rules (A..F) whose expected orders are written out by hand.
 *
 * <pre>
 * key id  name                    status    trigger     priority  category  by  created updated count last_executed
 *  A  0c  SLA 50% escalation      active    event_based high      sla       U1  +1h     +12h    5     +20h
 *  B  0a  Tickets 50 escalation   inactive  manual      low       -         U2  +2h     +11h    0     -
 *  C  0e  nightly_report          draft     time_based  normal    reports   -   +3h     +10h    12    +21h
 *  D  0b  nightlyXreport          error     recurring   critical  reports   U1  +4h     +9h     3     +22h
 *  E  09  Webhook relay           active    webhook     normal    -         U2  +5h     +8h     1     -
 *  F  0f  Condition check         active    manual      high      -         -   +6h     +7h     0     +20h
 * </pre>
 * B and D are decoys: they match "50%" and "nightly_report" only if % and _ were wildcards.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PostgresRuleRepositoryListTest extends FreshDatabaseTest {

    private static final TenantId TENANT = new TenantId(UUID.fromString("10000000-0000-0000-0000-000000000001"));
    private static final TenantId OTHER_TENANT = new TenantId(UUID.fromString("20000000-0000-0000-0000-000000000002"));
    private static final UUID U1 = UUID.fromString("0000000a-0000-0000-0000-000000000001");
    private static final UUID U2 = UUID.fromString("0000000b-0000-0000-0000-000000000002");
    private static final PageRequest ALL = new PageRequest(1, 100);

    @Inject
    PostgresRuleRepository rules;

    @Inject
    PostgresTenantRepository tenants;

    private final Map<RuleId, String> keys = new LinkedHashMap<>();

    private static Instant at(int hours) {
        return T0.plus(Duration.ofHours(hours));
    }

    private static RuleId id(String suffix) {
        return new RuleId(UUID.fromString("00000000-0000-0000-0000-0000000000" + suffix));
    }

    @BeforeAll
    void arrange() {
        tenants.save(new Tenant(TENANT, "listed", T0));
        tenants.save(new Tenant(OTHER_TENANT, "other", T0));
        fixture("A", sql, ruleOf(TENANT).id(id("0c")).name("SLA 50% escalation").description("Raises the priority")
                .status(RuleStatus.ACTIVE).trigger(TriggerType.EVENT_BASED).priority(Priority.HIGH)
                .templateCategory("sla").createdBy(U1).createdAt(at(1)).updatedAt(at(12)).build(), 5, at(20));
        fixture("B", sql, ruleOf(TENANT).id(id("0a")).name("Tickets 50 escalation")
                .status(RuleStatus.INACTIVE).trigger(TriggerType.MANUAL).priority(Priority.LOW)
                .createdBy(U2).createdAt(at(2)).updatedAt(at(11)).build(), 0, null);
        fixture("C", sql, ruleOf(TENANT).id(id("0e")).name("nightly_report").description("Sends the report")
                .status(RuleStatus.DRAFT).trigger(TriggerType.TIME_BASED).priority(Priority.NORMAL)
                .templateCategory("reports").createdAt(at(3)).updatedAt(at(10)).build(), 12, at(21));
        fixture("D", sql, ruleOf(TENANT).id(id("0b")).name("nightlyXreport")
                .status(RuleStatus.ERROR).trigger(TriggerType.RECURRING).priority(Priority.CRITICAL)
                .templateCategory("reports").createdBy(U1).createdAt(at(4)).updatedAt(at(9)).build(), 3, at(22));
        fixture("E", sql, ruleOf(TENANT).id(id("09")).name("Webhook relay").description("Forwards to the ESCALATION desk")
                .status(RuleStatus.ACTIVE).trigger(TriggerType.WEBHOOK).priority(Priority.NORMAL)
                .createdBy(U2).createdAt(at(5)).updatedAt(at(8)).build(), 1, null);
        fixture("F", sql, ruleOf(TENANT).id(id("0f")).name("Condition check").description("Reads C:\\temp\\in")
                .status(RuleStatus.ACTIVE).trigger(TriggerType.MANUAL).priority(Priority.HIGH)
                .createdAt(at(6)).updatedAt(at(7)).build(), 0, at(20));
        // Another tenant's rule that matches every filter used below, under the same id as A.
        fixture("X", sql, ruleOf(OTHER_TENANT).id(id("0c")).name("SLA 50% escalation nightly_report C:\\temp")
                .status(RuleStatus.ACTIVE).trigger(TriggerType.MANUAL).priority(Priority.HIGH)
                .templateCategory("reports").createdBy(U1).createdAt(at(3)).updatedAt(at(9)).build(), 4, at(21));
    }

    private void fixture(String key, DirectSql sql, AutomationRule rule, long executionCount, Instant lastExecuted) {
        rules.insert(rule);
        sql.update("UPDATE automation_rules SET execution_count = ?, last_executed = ? WHERE tenant = ? AND rule_id = ?",
                executionCount, lastExecuted, rule.tenant().value(), rule.id().value());
        if (rule.tenant().equals(TENANT)) {
            keys.put(rule.id(), key);
        }
    }

    private List<String> list(UnaryOperator<RuleFilters> filter) {
        return keysOf(rules.list(TENANT, filter.apply(RuleFilters.aFilter()).build(), ALL));
    }

    private List<String> keysOf(Page<AutomationRule> page) {
        List<String> result = new ArrayList<>();
        for (AutomationRule rule : page.items()) {
            assertThat(rule.tenant()).isEqualTo(TENANT);
            result.add(keys.get(rule.id()));
        }
        return result;
    }

    @Test
    void without_filters_lists_the_tenants_rules_newest_first() {
        Page<AutomationRule> page = rules.list(TENANT, RuleFilter.none(), ALL);

        assertThat(keysOf(page)).containsExactly("F", "E", "D", "C", "B", "A");
        assertThat(page.total()).isEqualTo(6);
    }

    @Test
    void another_tenant_sees_only_its_own_rule() {
        Page<AutomationRule> page = rules.list(OTHER_TENANT, RuleFilter.none(), ALL);

        assertThat(page.items()).extracting(AutomationRule::tenant).containsExactly(OTHER_TENANT);
        assertThat(page.total()).isEqualTo(1);
    }

    @Test
    void a_tenant_without_rules_gets_an_empty_page() {
        Page<AutomationRule> page = rules.list(new TenantId(UUID.randomUUID()), RuleFilter.none(), ALL);

        assertThat(page.items()).isEmpty();
        assertThat(page.total()).isZero();
    }

    @Test
    void search_matches_name_or_description_ignoring_case() {
        assertThat(list(f -> f.searching("escalation"))).containsExactly("E", "B", "A");
        assertThat(list(f -> f.searching("THE REPORT"))).containsExactly("C");
    }

    @Test
    void search_matches_percent_literally() {
        assertThat(list(f -> f.searching("50%"))).containsExactly("A");
        assertThat(list(f -> f.searching("%"))).containsExactly("A");
    }

    @Test
    void search_matches_underscore_literally() {
        assertThat(list(f -> f.searching("nightly_report"))).containsExactly("C");
        assertThat(list(f -> f.searching("_"))).containsExactly("C");
    }

    @Test
    void search_matches_backslash_literally() {
        assertThat(list(f -> f.searching("C:\\temp\\"))).containsExactly("F");
    }

    @Test
    void name_filter_matches_part_of_the_name_only() {
        assertThat(list(f -> f.named("escalation"))).containsExactly("B", "A");
        assertThat(list(f -> f.named("50%"))).containsExactly("A");
        assertThat(list(f -> f.named("nightly_"))).containsExactly("C");
        assertThat(list(f -> f.named("report"))).containsExactly("D", "C");
    }

    @Test
    void created_range_includes_both_bounds() {
        assertThat(list(f -> f.createdFrom(at(2)).createdTo(at(4)))).containsExactly("D", "C", "B");
        assertThat(list(f -> f.createdFrom(at(5)))).containsExactly("F", "E");
        assertThat(list(f -> f.createdTo(at(1)))).containsExactly("A");
        assertThat(list(f -> f.createdFrom(at(1).plusNanos(1_000)).createdTo(at(2).minusNanos(1_000)))).isEmpty();
    }

    @Test
    void updated_range_includes_both_bounds() {
        assertThat(list(f -> f.updatedFrom(at(8)).updatedTo(at(9)))).containsExactly("E", "D");
        assertThat(list(f -> f.updatedFrom(at(11)))).containsExactly("B", "A");
        assertThat(list(f -> f.updatedTo(at(7)))).containsExactly("F");
    }

    @Test
    void is_active_splits_active_from_every_other_status() {
        assertThat(list(f -> f.active(true))).containsExactly("F", "E", "A");
        assertThat(list(f -> f.active(false))).containsExactly("D", "C", "B");
    }

    @Test
    void status_filter_matches_exactly() {
        assertThat(list(f -> f.withStatus(RuleStatus.DRAFT))).containsExactly("C");
        assertThat(list(f -> f.withStatus(RuleStatus.INACTIVE))).containsExactly("B");
        assertThat(list(f -> f.withStatus(RuleStatus.ERROR))).containsExactly("D");
        assertThat(list(f -> f.withStatus(RuleStatus.ACTIVE))).containsExactly("F", "E", "A");
    }

    @Test
    void trigger_type_filter_matches_exactly() {
        assertThat(list(f -> f.withTriggerType(TriggerType.MANUAL))).containsExactly("F", "B");
        assertThat(list(f -> f.withTriggerType(TriggerType.TIME_BASED))).containsExactly("C");
        assertThat(list(f -> f.withTriggerType(TriggerType.CONDITION_BASED))).isEmpty();
    }

    @Test
    void priority_filter_matches_exactly() {
        assertThat(list(f -> f.withPriority(Priority.HIGH))).containsExactly("F", "A");
        assertThat(list(f -> f.withPriority(Priority.CRITICAL))).containsExactly("D");
    }

    @Test
    void template_category_filter_matches_exactly() {
        assertThat(list(f -> f.inTemplateCategory("reports"))).containsExactly("D", "C");
        assertThat(list(f -> f.inTemplateCategory("sla"))).containsExactly("A");
        assertThat(list(f -> f.inTemplateCategory("report"))).isEmpty();
    }

    @Test
    void created_by_filter_matches_the_author() {
        assertThat(list(f -> f.createdBy(U1))).containsExactly("D", "A");
        assertThat(list(f -> f.createdBy(U2))).containsExactly("E", "B");
        assertThat(list(f -> f.createdBy(UUID.randomUUID()))).isEmpty();
    }

    @Test
    void last_executed_range_includes_both_bounds_and_excludes_never_executed_rules() {
        assertThat(list(f -> f.lastExecutedFrom(at(20)).lastExecutedTo(at(21)))).containsExactly("F", "C", "A");
        assertThat(list(f -> f.lastExecutedFrom(at(21)))).containsExactly("D", "C");
        assertThat(list(f -> f.lastExecutedTo(at(20)))).containsExactly("F", "A");
    }

    @Test
    void execution_count_range_includes_both_bounds() {
        assertThat(list(f -> f.executedAtLeast(1).executedAtMost(5))).containsExactly("E", "D", "A");
        assertThat(list(f -> f.executedAtLeast(5))).containsExactly("C", "A");
        assertThat(list(f -> f.executedAtMost(0))).containsExactly("F", "B");
    }

    @Test
    void filters_combine_with_and() {
        assertThat(list(f -> f.active(true).withPriority(Priority.HIGH))).containsExactly("F", "A");
        assertThat(list(f -> f.searching("escalation").createdBy(U2).executedAtLeast(1))).containsExactly("E");
        assertThat(list(f -> f.withStatus(RuleStatus.ERROR).withPriority(Priority.LOW))).isEmpty();
    }

    @Test
    void the_total_counts_every_match_not_just_the_page() {
        Page<AutomationRule> page = rules.list(TENANT, RuleFilters.aFilter().active(true).build(), new PageRequest(1, 2));

        assertThat(keysOf(page)).containsExactly("F", "E");
        assertThat(page.total()).isEqualTo(3);
    }

    static Stream<Arguments> sorts() {
        return Stream.of(
                Arguments.of(RuleSortField.CREATED_AT, SortOrder.ASC, List.of("A", "B", "C", "D", "E", "F")),
                Arguments.of(RuleSortField.CREATED_AT, SortOrder.DESC, List.of("F", "E", "D", "C", "B", "A")),
                Arguments.of(RuleSortField.UPDATED_AT, SortOrder.ASC, List.of("F", "E", "D", "C", "B", "A")),
                Arguments.of(RuleSortField.UPDATED_AT, SortOrder.DESC, List.of("A", "B", "C", "D", "E", "F")),
                // case-insensitive: a plain byte order would put every capitalised name first
                Arguments.of(RuleSortField.NAME, SortOrder.ASC, List.of("F", "C", "D", "A", "B", "E")),
                Arguments.of(RuleSortField.NAME, SortOrder.DESC, List.of("E", "B", "A", "D", "C", "F")),
                // ties (three active) are broken by rule id, in the same direction
                Arguments.of(RuleSortField.STATUS, SortOrder.ASC, List.of("E", "A", "F", "C", "D", "B")),
                Arguments.of(RuleSortField.STATUS, SortOrder.DESC, List.of("B", "D", "C", "F", "A", "E")),
                // by rank low < normal < high < critical, not alphabetically
                Arguments.of(RuleSortField.PRIORITY, SortOrder.ASC, List.of("B", "E", "C", "A", "F", "D")),
                Arguments.of(RuleSortField.PRIORITY, SortOrder.DESC, List.of("D", "F", "A", "C", "E", "B")),
                Arguments.of(RuleSortField.TRIGGER_TYPE, SortOrder.ASC, List.of("A", "B", "F", "D", "C", "E")),
                Arguments.of(RuleSortField.TRIGGER_TYPE, SortOrder.DESC, List.of("E", "C", "D", "F", "B", "A")),
                // never executed counts as oldest: first ascending, last descending
                Arguments.of(RuleSortField.LAST_EXECUTED, SortOrder.ASC, List.of("E", "B", "A", "F", "C", "D")),
                Arguments.of(RuleSortField.LAST_EXECUTED, SortOrder.DESC, List.of("D", "C", "F", "A", "B", "E")),
                Arguments.of(RuleSortField.EXECUTION_COUNT, SortOrder.ASC, List.of("B", "F", "E", "D", "A", "C")),
                Arguments.of(RuleSortField.EXECUTION_COUNT, SortOrder.DESC, List.of("C", "A", "D", "E", "F", "B")));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("sorts")
    void sorts_by_every_field_in_both_directions_with_a_stable_tiebreak(RuleSortField field, SortOrder order,
                                                                         List<String> expected) {
        assertThat(list(f -> f.sortedBy(field, order))).containsExactlyElementsOf(expected);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("sorts")
    void paging_through_any_sort_yields_each_rule_once_in_order(RuleSortField field, SortOrder order,
                                                                 List<String> expected) {
        List<String> seen = new ArrayList<>();
        for (int page = 1; page <= 3; page++) {
            Page<AutomationRule> result = rules.list(TENANT, RuleFilters.aFilter().sortedBy(field, order).build(),
                    new PageRequest(page, 2));
            assertThat(result.total()).isEqualTo(6);
            seen.addAll(keysOf(result));
        }
        assertThat(seen).containsExactlyElementsOf(expected);
    }

    @Test
    void a_page_is_taken_at_its_offset() {
        Page<AutomationRule> second = rules.list(TENANT, RuleFilter.none(), new PageRequest(2, 4));
        Page<AutomationRule> beyond = rules.list(TENANT, RuleFilter.none(), new PageRequest(3, 4));

        assertThat(keysOf(second)).containsExactly("B", "A");
        assertThat(second.total()).isEqualTo(6);
        assertThat(beyond.items()).isEmpty();
        assertThat(beyond.total()).isEqualTo(6);
    }
}
