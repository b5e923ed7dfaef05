package io.ruleworks.bootstrap;

import io.micronaut.context.ApplicationContext;
import io.micronaut.json.JsonMapper;
import io.ruleworks.application.port.in.access.IssueApiKeyUseCase;
import io.ruleworks.application.port.in.access.IssueApiKeyUseCase.IssueApiKeyCommand;
import io.ruleworks.application.port.in.access.IssueApiKeyUseCase.IssuedApiKey;
import io.ruleworks.domain.access.Permission;
import io.ruleworks.domain.shared.ConfigReader;
import io.ruleworks.domain.shared.DomainException;
import io.ruleworks.domain.shared.TenantId;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.time.Instant;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;

/**
 * {@code create-api-key [--tenant UUID] --permissions a,b [--expires-at ISO] [--usage-limit N] [--json]}:
 * issues a key against the configured database and prints it once. Bad arguments exit non-zero
 * with a one-line reason on standard error.
 */
@Command(name = CreateApiKeyCommand.NAME, mixinStandardHelpOptions = true,
        description = "Issue an API key (a new tenant is created when --tenant is omitted).")
public final class CreateApiKeyCommand implements Callable<Integer> {

    public static final String NAME = "create-api-key";

    @Option(names = "--tenant", description = "Tenant UUID; omit to create a new tenant")
    String tenant;

    @Option(names = "--permissions", required = true, split = ",",
            description = "Comma-separated: automation:read,automation:create,automation:update,automation:delete,automation:execute")
    List<String> permissions;

    @Option(names = "--expires-at", description = "ISO-8601 instant after which the key is refused")
    String expiresAt;

    @Option(names = "--usage-limit", description = "Number of requests the key may make")
    Long usageLimit;

    @Option(names = "--json", description = "Print the result as one JSON object")
    boolean json;

    private final PrintWriter out;

    CreateApiKeyCommand(PrintWriter out) {
        this.out = out;
    }

    public static int run(String... args) {
        PrintWriter out = new PrintWriter(System.out, true);
        PrintWriter err = new PrintWriter(System.err, true);
        CommandLine cli = new CommandLine(new CreateApiKeyCommand(out));
        cli.setErr(err);
        cli.setParameterExceptionHandler((ex, a) -> {
            err.println("create-api-key: " + ex.getMessage());
            return 2;
        });
        cli.setExecutionExceptionHandler((ex, c, p) -> {
            err.println("create-api-key: " + oneLine(ex));
            return 1;
        });
        return cli.execute(args);
    }

    @Override
    public Integer call() throws Exception {
        IssueApiKeyCommand command = parse();
        try (ApplicationContext context = ApplicationContext.builder()
                .deduceEnvironment(false)
                .properties(Map.of("micronaut.server.enabled", "false", "ruleworks.bootstrap-admin-key", "false",
                        "ruleworks.queue.workers.enabled", "false"))
                .start()) {
            IssuedApiKey issued = context.getBean(IssueApiKeyUseCase.class).issue(command);
            List<String> granted = issued.permissions().stream().map(Permission::wire).sorted().toList();
            if (json) {
                Map<String, Object> result = new LinkedHashMap<>();
                result.put("api_key", issued.apiKey());
                result.put("key_id", issued.keyId().toString());
                result.put("tenant", issued.tenant().toString());
                result.put("permissions", granted);
                out.println(context.getBean(JsonMapper.class).writeValueAsString(result));
            } else {
                out.println("api_key:     " + issued.apiKey());
                out.println("key_id:      " + issued.keyId());
                out.println("tenant:      " + issued.tenant());
                out.println("permissions: " + String.join(",", granted));
            }
            return 0;
        }
    }

    private IssueApiKeyCommand parse() {
        Set<Permission> granted = EnumSet.noneOf(Permission.class);
        for (String p : permissions) {
            granted.add(Permission.parse(p.strip()).orElseThrow(() -> new IllegalArgumentException(
                    "unknown permission '" + p + "' (expected automation:read, automation:create, automation:update, "
                            + "automation:delete or automation:execute)")));
        }
        Optional<TenantId> tenantId = Optional.ofNullable(tenant).map(t -> {
            try {
                return new TenantId(UUID.fromString(t));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--tenant must be a UUID, got '" + t + "'");
            }
        });
        Optional<Instant> expires = Optional.ofNullable(expiresAt).map(e -> ConfigReader.parseInstant(e)
                .orElseThrow(() -> new IllegalArgumentException(
                        "--expires-at must be an ISO-8601 instant such as 2027-01-01T00:00:00Z, got '" + e + "'")));
        return new IssueApiKeyCommand(tenantId, granted, expires, Optional.ofNullable(usageLimit));
    }

    private static String oneLine(Throwable e) {
        Throwable root = e;
        while (!(root instanceof DomainException) && !(root instanceof IllegalArgumentException)
                && root.getCause() != null) {
            root = root.getCause();
        }
        String message = root instanceof DomainException d && d.details().get("field") != null
                ? d.details().get("field") + " " + d.getMessage().replaceFirst("^Validation failed: \\S+ ", "")
                : root.getMessage();
        return (message == null ? root.getClass().getSimpleName() : message).replace('\n', ' ');
    }
}
