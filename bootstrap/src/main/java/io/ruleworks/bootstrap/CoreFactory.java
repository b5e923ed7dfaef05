package io.ruleworks.bootstrap;

import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Value;
import io.ruleworks.application.port.out.access.ApiKeyStore;
import io.ruleworks.application.port.out.access.TenantRepository;
import io.ruleworks.application.port.out.execution.AutomationExecutionRepository;
import io.ruleworks.application.port.out.hook.HookStore;
import io.ruleworks.application.port.out.queue.ExecutionQueue;
import io.ruleworks.application.port.out.rule.AutomationRuleRepository;
import io.ruleworks.application.port.out.statistics.AutomationStatisticsReader;
import io.ruleworks.application.port.out.statistics.StatisticsRollup;
import io.ruleworks.application.port.out.template.AutomationTemplateRepository;
import io.ruleworks.application.port.out.transaction.Transactions;
import io.ruleworks.application.service.access.ApiKeyService;
import io.ruleworks.application.service.catalog.CatalogService;
import io.ruleworks.application.service.execution.ExecutionService;
import io.ruleworks.application.service.rule.BulkRuleService;
import io.ruleworks.application.service.rule.RuleService;
import io.ruleworks.application.service.statistics.StatisticsFolding;
import io.ruleworks.application.service.statistics.StatisticsService;
import io.ruleworks.application.service.template.TemplateService;
import io.ruleworks.application.service.trigger.HookService;
import io.ruleworks.domain.rule.ActionCapabilities;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Duration;

/** Wires the framework-free application services to the adapters that implement their ports. */
@Factory
public class CoreFactory {

    /** UTC, ticking in microseconds: the precision PostgreSQL keeps, so what is returned is what is stored. */
    @Singleton
    Clock clock() {
        return Clock.tick(Clock.systemUTC(), Duration.ofNanos(1_000));
    }

    @Singleton
    RuleService ruleService(AutomationRuleRepository rules, AutomationExecutionRepository executions,
                            Transactions transactions, Clock clock, ActionCapabilities capabilities,
                            HookService hooks) {
        return new RuleService(rules, executions, transactions, clock, capabilities, hooks);
    }

    @Singleton
    HookService hookService(HookStore hooks, AutomationRuleRepository rules, AutomationExecutionRepository executions,
                            ExecutionQueue queue, Transactions transactions,
                            @Value("${ruleworks.hooks.timestamp-window:5m}") Duration window,
                            @Value("${ruleworks.hooks.rotation-grace:24h}") Duration rotationGrace,
                            @Value("${ruleworks.hooks.delivery-retention:24h}") Duration deliveryRetention,
                            Clock clock) {
        return new HookService(hooks, rules, executions, queue, transactions,
                new HookService.Settings(window, rotationGrace, deliveryRetention), clock);
    }

    @Singleton
    TemplateService templateService(AutomationTemplateRepository templates, AutomationRuleRepository rules,
                                    RuleService ruleService, Transactions transactions, Clock clock) {
        return new TemplateService(templates, rules, ruleService, transactions, clock);
    }

    @Singleton
    BulkRuleService bulkRuleService(AutomationRuleRepository rules, ExecutionService executions,
                                    Transactions transactions, Clock clock) {
        return new BulkRuleService(rules, executions, transactions, clock);
    }

    @Singleton
    StatisticsService statisticsService(AutomationStatisticsReader reader, Clock clock) {
        return new StatisticsService(reader, clock);
    }

    @Singleton
    StatisticsFolding statisticsFolding(StatisticsRollup rollup, Transactions transactions) {
        return new StatisticsFolding(rollup, transactions);
    }

    @Singleton
    ApiKeyService apiKeyService(ApiKeyStore keys, TenantRepository tenants, Transactions transactions, Clock clock) {
        return new ApiKeyService(keys, tenants, transactions, clock);
    }

    @Singleton
    CatalogService catalogService() {
        return new CatalogService();
    }
}
