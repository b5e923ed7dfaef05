package io.ruleworks.adapter.out.persistence.trigger;

import io.ruleworks.adapter.out.persistence.access.PostgresTenantRepository;
import io.ruleworks.adapter.out.persistence.execution.PostgresExecutionRepository;
import io.ruleworks.adapter.out.persistence.rule.PostgresRuleRepository;
import io.ruleworks.adapter.out.persistence.testing.FreshDatabaseTest;
import io.ruleworks.adapter.out.persistence.support.JdbcTransactions;
import io.ruleworks.adapter.out.persistence.testing.TenantFixture;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.ruleworks.application.port.in.event.IngestEventUseCase.IngestEventCommand;
import io.ruleworks.application.port.in.event.IngestEventUseCase.IngestResult;
import io.ruleworks.application.service.execution.EngineSettings;
import io.ruleworks.application.service.trigger.EventService;
import io.ruleworks.domain.access.ApiKeyId;
import io.ruleworks.domain.access.Caller;
import io.ruleworks.domain.access.Permission;
import io.ruleworks.domain.execution.ConditionEvaluator;
import io.ruleworks.domain.fixtures.MutableClock;
import io.ruleworks.domain.rule.AutomationRule;
import io.ruleworks.domain.rule.TriggerType;
import io.ruleworks.domain.shared.TenantId;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.ruleworks.adapter.out.persistence.testing.RuleFixture.T0;
import static io.ruleworks.adapter.out.persistence.testing.RuleFixture.ruleOf;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Debounce windows and batches in PostgreSQL, driven through the event use case: concurrent
 * events for one rule lose and double nothing, and due windows fire once across tickers.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EventWindowsConcurrencyTest extends FreshDatabaseTest {

    private static final int EVENTS = 50;

    @Inject
    PostgresEventStore store;
    @Inject
    PostgresRuleRepository rules;
    @Inject
    PostgresExecutionRepository executions;
    @Inject
    PostgresTenantRepository tenants;
    @Inject
    JdbcTransactions transactions;

    private MutableClock clock;
    private EventService events;

    @BeforeEach
    void service() {
        clock = MutableClock.at(T0);
        events = new EventService(store, rules, executions, () -> { }, transactions, new ConditionEvaluator(),
                EngineSettings.DEFAULTS, clock);
    }

    private Caller callerOf(TenantId tenant) {
        return new Caller(tenant, new ApiKeyId(UUID.randomUUID()), Optional.empty(), EnumSet.allOf(Permission.class));
    }

    private AutomationRule eventRule(TenantId tenant, Map<String, Object> config) {
        AutomationRule rule = ruleOf(tenant).trigger(TriggerType.EVENT_BASED, config).build();
        rules.insert(rule);
        return rule;
    }

    private IngestResult post(Caller caller, String type, int n) {
        return events.ingest(new IngestEventCommand(caller, type, Optional.empty(), Map.of("n", n), Optional.empty(),
                Optional.empty(), "fp"));
    }

    private List<IngestResult> postConcurrently(Caller caller, String type) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<IngestResult>> futures = new ArrayList<>();
            for (int i = 0; i < EVENTS; i++) {
                int n = i;
                futures.add(pool.submit((Callable<IngestResult>) () -> {
                    go.await();
                    return post(caller, type, n);
                }));
            }
            go.countDown();
            List<IngestResult> results = new ArrayList<>();
            for (Future<IngestResult> f : futures) {
                results.add(f.get());
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    /** The payload numbers carried by each execution of the rule. */
    private List<List<Integer>> batchesOf(AutomationRule rule) {
        return sql.query("SELECT trigger_data::text FROM automation_executions WHERE tenant = ? AND automation_rule_id = ?",
                rs -> {
                    List<Integer> ns = new ArrayList<>();
                    var m = java.util.regex.Pattern.compile("\"n\": ?(\\d+)").matcher(rs.getString(1));
                    Set<Integer> seen = new HashSet<>();
                    while (m.find()) {
                        if (seen.add(Integer.parseInt(m.group(1)))) {
                            ns.add(Integer.parseInt(m.group(1)));
                        }
                    }
                    return ns;
                }, rule.tenant().value(), rule.id().value());
    }

    @Test
    void fifty_concurrent_events_into_batches_of_ten_make_exactly_five_executions_with_every_event_once() throws Exception {
        TenantId tenant = TenantFixture.stored(tenants);
        AutomationRule rule = eventRule(tenant, Map.of("event_type", "load.batch", "batch_size", 10));

        List<IngestResult> results = postConcurrently(callerOf(tenant), "load.batch");

        assertThat(results.stream().mapToInt(r -> r.executions().size()).sum()).isEqualTo(5);
        List<List<Integer>> batches = batchesOf(rule);
        assertThat(batches).hasSize(5).allSatisfy(b -> assertThat(b).hasSize(10));
        assertThat(batches.stream().flatMap(List::stream).sorted().toList())
                .isEqualTo(java.util.stream.IntStream.range(0, EVENTS).boxed().toList());
        assertThat(sql.count("SELECT count(*) FROM event_windows WHERE tenant = ?", tenant.value())).isZero();
        assertThat(sql.count("SELECT count(*) FROM event_window_events WHERE tenant = ?", tenant.value())).isZero();
    }

    @Test
    void the_remainder_of_a_batch_fires_at_its_timeout_from_the_ticker_and_only_once() throws Exception {
        TenantId tenant = TenantFixture.stored(tenants);
        AutomationRule rule = eventRule(tenant, Map.of("event_type", "load.rest", "batch_size", 7,
                "batch_timeout_minutes", 10));

        postConcurrently(callerOf(tenant), "load.rest");
        assertThat(batchesOf(rule)).hasSize(7);
        clock.advance(Duration.ofMinutes(9));
        assertThat(events.tick()).isZero();
        clock.advance(Duration.ofMinutes(1));
        ExecutorService pool = Executors.newFixedThreadPool(4);
        int fired;
        try {
            List<Future<Integer>> ticks = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                ticks.add(pool.submit(events::tick));
            }
            fired = 0;
            for (Future<Integer> t : ticks) {
                fired += t.get();
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(fired).isEqualTo(1);
        List<List<Integer>> batches = batchesOf(rule);
        assertThat(batches).hasSize(8);
        assertThat(batches.stream().flatMap(List::stream).distinct().count()).isEqualTo(EVENTS);
    }

    @Test
    void concurrent_events_into_a_debounce_window_fire_one_execution_with_their_count_once_quiet() throws Exception {
        TenantId tenant = TenantFixture.stored(tenants);
        AutomationRule rule = eventRule(tenant, Map.of("event_type", "load.debounce", "debounce_minutes", 5));

        List<IngestResult> results = postConcurrently(callerOf(tenant), "load.debounce");
        clock.advance(Duration.ofMinutes(4));
        post(callerOf(tenant), "load.debounce", 99);
        clock.advance(Duration.ofMinutes(4));
        int early = events.tick();
        clock.advance(Duration.ofMinutes(1));
        int fired = events.tick();

        assertThat(results).allSatisfy(r -> assertThat(r.deferred()).singleElement()
                .satisfies(d -> assertThat(d.reason()).isEqualTo("debounced")));
        assertThat(early).isZero();
        assertThat(fired).isEqualTo(1);
        assertThat(sql.query("SELECT trigger_data->>'event_count' FROM automation_executions WHERE automation_rule_id = ?",
                rs -> rs.getString(1), rule.id().value())).containsExactly(String.valueOf(EVENTS + 1));
        assertThat(batchesOf(rule)).containsExactly(List.of(99));
    }

    @Test
    void rules_of_other_tenants_and_other_types_do_not_listen_and_a_wildcard_does() {
        TenantId tenant = TenantFixture.stored(tenants);
        AutomationRule exact = eventRule(tenant, Map.of("event_type", "ticket.created"));
        AutomationRule wildcard = eventRule(tenant, Map.of("event_type", "ticket.*"));
        eventRule(tenant, Map.of("event_type", "ticket.closed"));
        eventRule(TenantFixture.stored(tenants), Map.of("event_type", "ticket.created"));

        assertThat(store.listeningRules(tenant, List.of("ticket.created", "ticket.*")))
                .containsExactlyInAnyOrder(exact.id(), wildcard.id());
    }

    @Test
    void the_same_idempotency_key_delivered_concurrently_is_handled_once() throws Exception {
        TenantId tenant = TenantFixture.stored(tenants);
        AutomationRule rule = eventRule(tenant, Map.of("event_type", "dup.event"));
        Caller caller = callerOf(tenant);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<IngestResult> results = new ArrayList<>();
        try {
            List<Future<IngestResult>> futures = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                futures.add(pool.submit(() -> events.ingest(new IngestEventCommand(caller, "dup.event", Optional.empty(),
                        Map.of("n", 1), Optional.empty(), Optional.of("key-1"), "fp"))));
            }
            for (Future<IngestResult> f : futures) {
                results.add(f.get());
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(results.stream().distinct()).hasSize(1);
        assertThat(sql.count("SELECT count(*) FROM automation_executions WHERE automation_rule_id = ?",
                rule.id().value())).isEqualTo(1);
    }
}
