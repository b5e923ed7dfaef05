package io.ruleworks.adapter.out.persistence;

import io.micronaut.context.annotation.Requires;
import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import jakarta.inject.Singleton;

import javax.sql.DataSource;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Records the text of every statement the adapter prepares, so a test can EXPLAIN exactly the
 * SQL a repository runs rather than a copy of it. Only present where
 * {@value #ENABLED} is true.
 */
@Singleton
@Requires(property = RecordedSql.ENABLED, value = "true")
final class RecordedSql implements BeanCreatedEventListener<DataSource> {

    static final String ENABLED = "ruleworks.test.record-sql";

    private final List<String> statements = new CopyOnWriteArrayList<>();

    @Override
    public DataSource onCreated(BeanCreatedEvent<DataSource> event) {
        DataSource target = event.getBean();
        if (!(target instanceof com.zaxxer.hikari.HikariDataSource)) {
            // Only the pool itself: Micronaut's contextual DataSource wraps it and must stay itself
            // (which of the two is created first varies, so wrapping both broke at random).
            return target;
        }
        return proxy(DataSource.class, target, (method, result) ->
                result instanceof Connection c && method.equals("getConnection") ? recording(c) : result);
    }

    List<String> statements() {
        return List.copyOf(statements);
    }

    void clear() {
        statements.clear();
    }

    private Connection recording(Connection target) {
        return proxy(Connection.class, target, (method, result) -> result);
    }

    @FunctionalInterface
    private interface ResultFilter {
        Object apply(String method, Object result);
    }

    private <T> T proxy(Class<T> type, T target, ResultFilter filter) {
        InvocationHandler handler = (proxy, method, args) -> {
            if (type == Connection.class && method.getName().equals("prepareStatement") && args != null
                    && args[0] instanceof String text) {
                statements.add(text);
            }
            try {
                return filter.apply(method.getName(), method.invoke(target, args));
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        };
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[]{type}, handler));
    }
}
