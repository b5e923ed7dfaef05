import java.lang.reflect.Field;

/**
 * Prints the purge statement of PostgresExecutionHistory (PURGE_BY_AGE_SQL) with its parameters
 * bound as literals, for bench/run-history-bench.sh: the bench runs the service's own statement.
 * Run with the compiled domain, application and adapters-persistence classes on the class path.
 *
 *   java -cp ... bench/PurgeSql.java RETENTION_DAYS BATCH
 */
public class PurgeSql {
    public static void main(String[] args) throws Exception {
        long seconds = Long.parseLong(args[0]) * 86_400;
        String batch = args[1];
        Field field = Class.forName("io.ruleworks.adapter.out.persistence.execution.PostgresExecutionHistory")
                .getDeclaredField("PURGE_BY_AGE_SQL");
        field.setAccessible(true);
        String sql = (String) field.get(null);
        String[] values = {"now()", "'{completed,failed,timeout,skipped,cancelled}'",
                "'{" + String.join(",", java.util.Collections.nCopies(5, Long.toString(seconds))) + "}'", batch, batch};
        StringBuilder out = new StringBuilder();
        int next = 0;
        for (char c : sql.toCharArray()) {
            out.append(c == '?' ? values[next++] : String.valueOf(c));
        }
        System.out.println(out.toString().replace('\n', ' '));
    }
}
