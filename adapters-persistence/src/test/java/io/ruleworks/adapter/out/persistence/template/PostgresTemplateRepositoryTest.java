package io.ruleworks.adapter.out.persistence.template;

import io.ruleworks.adapter.out.persistence.access.PostgresTenantRepository;
import io.ruleworks.adapter.out.persistence.rule.PostgresRuleRepository;
import io.ruleworks.adapter.out.persistence.testing.FreshDatabaseTest;
import io.ruleworks.adapter.out.persistence.support.JdbcTransactions;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.ruleworks.domain.access.Tenant;
import io.ruleworks.domain.rule.AutomationRule;
import io.ruleworks.domain.shared.PageRequest;
import io.ruleworks.domain.shared.SortOrder;
import io.ruleworks.domain.shared.TenantId;
import io.ruleworks.domain.template.AutomationTemplate;
import io.ruleworks.domain.template.TemplateDraft;
import io.ruleworks.domain.template.TemplateFilter;
import io.ruleworks.domain.template.TemplateId;
import io.ruleworks.domain.template.TemplateSortField;
import io.ruleworks.domain.template.TemplateVariable;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.ruleworks.adapter.out.persistence.testing.RuleFixture.T0;
import static io.ruleworks.adapter.out.persistence.testing.RuleFixture.ruleOf;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The template store: round trip, tenancy, every list filter and sort, exact counting of
 * concurrent uses, and index use of the list query over an ANALYZEd table.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PostgresTemplateRepositoryTest extends FreshDatabaseTest {

    private static final int BULK = 3_000;

    @Inject
    PostgresTemplateRepository templates;

    @Inject
    PostgresRuleRepository rules;

    @Inject
    PostgresTenantRepository tenants;

    @Inject
    JdbcTransactions transactions;

    private final TenantId tenant = new TenantId(UUID.randomUUID());
    private final TenantId other = new TenantId(UUID.randomUUID());
    private final TenantId crowded = new TenantId(UUID.randomUUID());
    private AutomationRule source;

    @BeforeAll
    void tenantsAndSource() {
        for (TenantId t : List.of(tenant, other, crowded)) {
            tenants.save(new Tenant(t, "tenant " + t, T0));
        }
        source = ruleOf(tenant).build();
        rules.insert(source);
    }

    private AutomationTemplate stored(TenantId owner, String name, String category, List<String> versions,
                                      boolean featured, Optional<String> author, long usage, Instant created) {
        TemplateVariable.Draft variable = new TemplateVariable.Draft("title", "name", "Title", Optional.empty(),
                "string", Optional.of(true), Optional.empty(), Optional.empty(),
                Optional.of(Map.of("min", 3, "pattern", "[A-Z].*")));
        AutomationTemplate template = AutomationTemplate.fromRule(TemplateId.newId(), owner,
                new TemplateDraft(name, Optional.of(name + " description"), category, List.of(variable),
                        Optional.of("bolt"), Optional.empty(), Optional.of(versions), Optional.of(featured)),
                source.definition(), author, Clock.fixed(created, ZoneOffset.UTC));
        templates.insert(template);
        sql.update("UPDATE automation_templates SET usage_count = ? WHERE template_id = ?", usage, template.id().value());
        return template;
    }

    private List<String> names(TemplateFilter filter, TenantId owner) {
        return templates.list(owner, filter, new PageRequest(1, 100)).items().stream()
                .map(AutomationTemplate::name).toList();
    }

    private static TemplateFilter filter(Optional<String> search, Optional<String> category,
                                         Optional<Boolean> featured, Optional<String> version,
                                         Optional<String> author, Optional<Long> min, Optional<Long> max) {
        return new TemplateFilter(search, category, featured, version, author, min, max, Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), TemplateSortField.CREATED_AT,
                SortOrder.DESC);
    }

    @Test
    void a_template_reads_back_as_written_and_only_for_its_tenant() {
        AutomationTemplate written = stored(tenant, "Round trip", "ops", List.of("2.0"), true, Optional.of("u-1"), 0, T0);

        AutomationTemplate read = templates.findById(tenant, written.id()).orElseThrow();

        assertThat(read.name()).isEqualTo("Round trip");
        assertThat(read.icon()).contains("bolt");
        assertThat(read.config()).isEqualTo(written.config());
        assertThat(read.variables()).hasSize(1);
        assertThat(read.variables().getFirst().toMap()).isEqualTo(written.variables().getFirst().toMap());
        assertThat(read.compatibleVersions()).containsExactly("2.0");
        assertThat(read.requiredPermissions()).containsExactly("automation:create");
        assertThat(read.createdAt()).isEqualTo(T0);
        assertThat(templates.findById(other, written.id())).isEmpty();
    }

    @Test
    void every_filter_narrows_the_list_and_the_sort_orders_it() {
        TenantId owner = new TenantId(UUID.randomUUID());
        tenants.save(new Tenant(owner, "filters", T0));
        stored(owner, "Alpha escalation", "tickets", List.of("1.0", "2.0"), true, Optional.of("alice"), 5, T0);
        stored(owner, "Beta invoices", "billing", List.of("2.0"), false, Optional.of("bob"), 50, T0.plusSeconds(60));
        stored(owner, "Gamma 50% digest", "tickets", List.of(), false, Optional.empty(), 0, T0.plusSeconds(120));
        stored(other, "Alpha elsewhere", "tickets", List.of("1.0"), true, Optional.of("alice"), 5, T0);

        Optional<String> none = Optional.empty();
        assertThat(names(TemplateFilter.none(), owner)).containsExactly("Gamma 50% digest", "Beta invoices",
                "Alpha escalation");
        assertThat(names(filter(Optional.of("ESCAL"), none, Optional.empty(), none, none, Optional.empty(),
                Optional.empty()), owner)).containsExactly("Alpha escalation");
        assertThat(names(filter(Optional.of("50%"), none, Optional.empty(), none, none, Optional.empty(),
                Optional.empty()), owner)).containsExactly("Gamma 50% digest");
        assertThat(names(filter(none, Optional.of("tickets"), Optional.empty(), none, none, Optional.empty(),
                Optional.empty()), owner)).containsExactly("Gamma 50% digest", "Alpha escalation");
        assertThat(names(filter(none, none, Optional.of(true), none, none, Optional.empty(), Optional.empty()), owner))
                .containsExactly("Alpha escalation");
        assertThat(names(filter(none, none, Optional.empty(), Optional.of("2.0"), none, Optional.empty(),
                Optional.empty()), owner)).containsExactly("Beta invoices", "Alpha escalation");
        assertThat(names(filter(none, none, Optional.empty(), none, Optional.of("bob"), Optional.empty(),
                Optional.empty()), owner)).containsExactly("Beta invoices");
        assertThat(names(filter(none, none, Optional.empty(), none, none, Optional.of(5L), Optional.of(49L)), owner))
                .containsExactly("Alpha escalation");
        TemplateFilter byUsage = new TemplateFilter(none, none, Optional.empty(), none, none, Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), TemplateSortField.USAGE_COUNT, SortOrder.ASC);
        assertThat(names(byUsage, owner)).containsExactly("Gamma 50% digest", "Alpha escalation", "Beta invoices");
        TemplateFilter byName = new TemplateFilter(none, none, Optional.empty(), none, none, Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), TemplateSortField.NAME, SortOrder.DESC);
        assertThat(names(byName, owner)).containsExactly("Gamma 50% digest", "Beta invoices", "Alpha escalation");
        assertThat(templates.list(owner, TemplateFilter.none(), new PageRequest(2, 2)).total()).isEqualTo(3);
    }

    @Test
    void concurrent_uses_are_all_counted() throws Exception {
        AutomationTemplate template = stored(tenant, "Busy", "ops", List.of(), false, Optional.empty(), 0, T0);
        int threads = 4;
        int usesEach = 25;
        Instant last = T0.plusSeconds(3_600);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Integer>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                done.add(pool.submit((Callable<Integer>) () -> {
                    int counted = 0;
                    for (int i = 0; i < usesEach; i++) {
                        Instant at = thread == 0 && i == usesEach - 1 ? last : T0.plusSeconds(i);
                        counted += transactions.inTransaction(() -> templates.recordUse(tenant, template.id(), at))
                                ? 1 : 0;
                    }
                    return counted;
                }));
            }
            for (Future<Integer> f : done) {
                assertThat(f.get()).isEqualTo(usesEach);
            }
        } finally {
            pool.shutdown();
        }

        AutomationTemplate counted = templates.findById(tenant, template.id()).orElseThrow();
        assertThat(counted.usageCount()).isEqualTo((long) threads * usesEach);
        assertThat(counted.lastUsed()).contains(last);
        assertThat(templates.recordUse(other, template.id(), last)).isFalse();
    }

    @Test
    void the_list_query_reads_an_index_for_the_default_order_and_the_main_filters() throws SQLException {
        sql.update("""
                INSERT INTO automation_templates (tenant, template_id, name, description, category, template_config,
                                                  author, compatible_versions, usage_count, is_featured,
                                                  created_at, updated_at)
                SELECT CASE WHEN g % 5 = 0 THEN ?::uuid ELSE ?::uuid END, gen_random_uuid(), 'template ' || g, 'd',
                       'category ' || (g % 40), '{}', 'author ' || (g % 30),
                       jsonb_build_array('v' || (g % 25)), g % 1000, g % 50 = 0,
                       now() - g * interval '1 minute', now() - g * interval '1 minute'
                  FROM generate_series(1, ?) g""", crowded.value(), other.value(), BULK);
        sql.update("ANALYZE automation_templates");
        Optional<String> none = Optional.empty();
        List<TemplateFilter> filters = List.of(
                TemplateFilter.none(),
                filter(none, Optional.of("category 15"), Optional.empty(), none, none, Optional.empty(), Optional.empty()),
                filter(none, none, Optional.of(true), none, none, Optional.empty(), Optional.empty()),
                filter(none, none, Optional.empty(), Optional.of("v10"), none, Optional.empty(), Optional.empty()),
                filter(none, none, Optional.empty(), none, Optional.of("author 5"), Optional.empty(), Optional.empty()),
                filter(none, none, Optional.empty(), none, none, Optional.of(990L), Optional.empty()));

        for (TemplateFilter f : filters) {
            assertThat(templates.list(crowded, f, new PageRequest(1, 25)).items()).isNotEmpty();
            String plan = explain(f);
            assertThat(plan).as(f + "\n" + plan).doesNotContain("Seq Scan").contains("automation_templates_");
        }
    }

    private String explain(TemplateFilter filter) throws SQLException {
        try (Connection c = sql.connect();
             PreparedStatement ps = c.prepareStatement("EXPLAIN " + templates.pageSql(crowded, filter))) {
            int next = templates.bindWhere(ps, crowded, filter);
            ps.setInt(next++, 25);
            ps.setLong(next, 0);
            StringBuilder plan = new StringBuilder();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    plan.append(rs.getString(1)).append('\n');
                }
            }
            return plan.toString();
        }
    }
}
