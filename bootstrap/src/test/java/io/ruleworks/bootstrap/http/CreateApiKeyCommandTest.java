package io.ruleworks.bootstrap.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.ruleworks.adapter.out.persistence.testing.TestDatabase;
import io.ruleworks.bootstrap.http.support.CommandLineRun;
import io.ruleworks.bootstrap.http.support.HttpTestBase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import static io.ruleworks.bootstrap.http.support.Api.RULES;
import static io.ruleworks.bootstrap.http.support.RuleJson.aRule;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * {@code create-api-key}, run as the operator runs it (a separate JVM through the service's main),
 * against this class's database; the keys it prints are then used against the running API.
 */
@MicronautTest(transactional = false)
class CreateApiKeyCommandTest extends HttpTestBase {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void json_output_is_one_object_with_a_key_that_works_against_the_api() throws Exception {
        CommandLineRun run = createApiKey("--permissions", "automation:read,automation:create", "--json");

        assertThat(run.exitCode()).as(run.stderr()).isZero();
        assertThat(run.stdoutLines()).hasSize(1);
        JsonNode issued = JSON.readTree(run.stdout());
        assertThat(issued.isObject()).isTrue();
        assertThat(issued.properties()).extracting(Map.Entry::getKey)
                .containsExactlyInAnyOrder("api_key", "key_id", "tenant", "permissions");
        assertThat(JSON.convertValue(issued.get("permissions"), List.class))
                .containsExactly("automation:create", "automation:read");
        UUID.fromString(issued.get("key_id").asText());

        String tenant = issued.get("tenant").asText();
        var api = as(issued.get("api_key").asText());
        assertThat(api.post(RULES, aRule().json()).expectStatus(201).data().path("tenant").asText()).isEqualTo(tenant);
        api.get(RULES).expectStatus(200);
        assertThat(api.delete(RULES + "/" + UUID.randomUUID()).expectStatus(403)
                .errorDetails().path("required_permission").asText()).isEqualTo("automation:delete");
    }

    static Stream<Arguments> badArguments() {
        return Stream.of(
                arguments("an unknown permission", List.of("--permissions", "automation:fly"), "automation:fly"),
                arguments("a tenant that is not a UUID", List.of("--tenant", "acme", "--permissions", "automation:read"),
                        "--tenant"),
                arguments("an expiry that is not a date",
                        List.of("--expires-at", "tomorrow", "--permissions", "automation:read"), "--expires-at"),
                arguments("a usage limit of 0", List.of("--usage-limit", "0", "--permissions", "automation:read"),
                        "usage_limit"),
                arguments("no permissions at all", List.of("--json"), "--permissions"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badArguments")
    void bad_arguments_exit_non_zero_with_one_line_on_stderr(String problem, List<String> args, String mentioned) {
        long keysBefore = sql.queryLong("SELECT count(*) FROM api_keys");

        CommandLineRun run = createApiKey(args.toArray(String[]::new));

        assertThat(run.exitCode()).isNotZero();
        assertThat(run.stderrLines()).as(run.stderr()).singleElement().asString().contains(mentioned);
        assertThat(run.stdout()).isEmpty();
        assertThat(sql.queryLong("SELECT count(*) FROM api_keys")).isEqualTo(keysBefore);
    }

    private CommandLineRun createApiKey(String... args) {
        String[] command = Stream.concat(Stream.of("create-api-key"), Stream.of(args)).toArray(String[]::new);
        return CommandLineRun.of(Map.of(
                "DATASOURCES_DEFAULT_URL", database.url(),
                "DATASOURCES_DEFAULT_USERNAME", TestDatabase.USER), command);
    }
}
