package io.ruleworks.adapter.out.persistence.testing;

import io.micronaut.test.support.TestPropertyProvider;

import java.util.Map;

/**
 * A test class with a freshly created database of its own: Micronaut asks for the properties once
 * per (PER_CLASS) test instance, which creates the database; {@link #sql} reads and writes it
 * directly.
 */
public abstract class FreshDatabaseTest implements TestPropertyProvider {

    protected TestDatabase database;
    protected DirectSql sql;

    @Override
    public Map<String, String> getProperties() {
        database = TestDatabase.create();
        sql = new DirectSql(database);
        return database.properties();
    }
}
