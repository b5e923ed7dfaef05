package io.ruleworks.adapter.out.persistence.targetdb;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.micronaut.json.JsonMapper;
import io.ruleworks.application.port.out.action.TargetDatabase;
import io.ruleworks.domain.rule.ActionCapabilities;
import jakarta.inject.Singleton;

import java.time.Duration;

/**
 * The target database of database_update (and of condition_based sql_view sources, which read the
 * views of {@code ruleworks.condition-sources.views}), when {@code ruleworks.database-update.url} is set: a
 * small Hikari pool of its own, deliberately not a Micronaut datasource, so that it never joins
 * the service's transactions, never runs Flyway and never turns /health DOWN when the target is
 * away (docs/decisions/0006). The pool connects lazily: a target that is down at start only
 * fails the actions that need it, retryably.
 */
@Factory
@Requires(property = "ruleworks.database-update.url")
class TargetDatabaseFactory {

    @Singleton
    @Bean(preDestroy = "close")
    PostgresTargetDatabase targetDatabase(@Value("${ruleworks.database-update.url}") String url,
                                          @Value("${ruleworks.database-update.username:postgres}") String username,
                                          @Value("${ruleworks.database-update.password:}") String password,
                                          @Value("${ruleworks.database-update.schema:public}") String schema,
                                          @Value("${ruleworks.database-update.maximum-pool-size:4}") int poolSize,
                                          @Value("${ruleworks.database-update.connection-timeout:2s}") Duration timeout,
                                          ActionCapabilities capabilities, JsonMapper json) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("database-update");
        config.setJdbcUrl(url);
        config.setUsername(username);
        config.setPassword(password);
        config.setMaximumPoolSize(poolSize);
        config.setMinimumIdle(0);
        config.setConnectionTimeout(Math.max(250, timeout.toMillis()));
        config.setInitializationFailTimeout(-1);
        config.setAutoCommit(true);
        return new PostgresTargetDatabase(new HikariDataSource(config), schema, capabilities.tables(),
                capabilities.conditionViews(), json);
    }
}
