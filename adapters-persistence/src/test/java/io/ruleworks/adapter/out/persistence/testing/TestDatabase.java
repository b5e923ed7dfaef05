package io.ruleworks.adapter.out.persistence.testing;

import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A freshly created PostgreSQL database for one test class, on the machine's local server
 * (RULEWORKS_TEST_PG_URL, default jdbc:postgresql://127.0.0.1:5432, user postgres). Every
 * database created in a JVM is dropped when the JVM exits, after all contexts are closed.
 */
public final class TestDatabase {

    public static final String SERVER = System.getenv().getOrDefault("RULEWORKS_TEST_PG_URL",
            "jdbc:postgresql://127.0.0.1:5432");
    public static final String USER = System.getenv().getOrDefault("RULEWORKS_TEST_PG_USER", "postgres");
    private static final List<String> CREATED = new CopyOnWriteArrayList<>();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(TestDatabase::dropAll, "drop-test-databases"));
    }

    private final String name;

    private TestDatabase(String name) {
        this.name = name;
    }

    /** Creates a new, empty database with a unique name. */
    public static TestDatabase create() {
        String name = "rw_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        execute("CREATE DATABASE " + name);
        CREATED.add(name);
        return new TestDatabase(name);
    }

    public String name() {
        return name;
    }

    public String url() {
        return SERVER + "/" + name;
    }

    /** Micronaut properties pointing the default datasource at this database. */
    public Map<String, String> properties() {
        return Map.of(
                "datasources.default.url", url(),
                "datasources.default.username", USER,
                "datasources.default.password", "");
    }

    private static void execute(String sql) {
        try (var c = DriverManager.getConnection(SERVER + "/postgres", USER, "");
             var s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("could not run '" + sql + "' on the test PostgreSQL at " + SERVER, e);
        }
    }

    private static void dropAll() {
        for (String name : CREATED) {
            try {
                execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            } catch (IllegalStateException e) {
                System.err.println("could not drop test database " + name + ": " + e.getMessage());
            }
        }
    }
}
