package io.ruleworks.bootstrap;

import io.micronaut.context.annotation.Requires;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.runtime.event.annotation.EventListener;
import io.ruleworks.application.port.in.access.IssueApiKeyUseCase;
import io.ruleworks.domain.access.Permission;
import jakarta.inject.Singleton;

import java.io.PrintStream;
import java.util.stream.Collectors;

/**
 * On the very first start (no API key exists yet) creates the default tenant and an admin key
 * with every permission, and prints the key once to standard output. It is not stored anywhere
 * in clear text; issue more keys with {@code create-api-key}.
 */
@Singleton
@Requires(property = "ruleworks.bootstrap-admin-key", notEquals = "false")
public class FirstStartAdminKey {

    private final IssueApiKeyUseCase keys;
    private final PrintStream out;

    public FirstStartAdminKey(IssueApiKeyUseCase keys) {
        this.keys = keys;
        this.out = System.out;
    }

    @EventListener
    void onStartup(StartupEvent event) {
        keys.issueFirstAdminKey().ifPresent(issued -> {
            out.println();
            out.println("==================================================================");
            out.println(" Ruleworks first start: created the default tenant and an admin key");
            out.println(" tenant:      " + issued.tenant());
            out.println(" permissions: " + issued.permissions().stream().map(Permission::wire).sorted()
                    .collect(Collectors.joining(",")));
            out.println(" api key:     " + issued.apiKey());
            out.println(" It is shown only this once; store it now.");
            out.println("==================================================================");
            out.println();
            out.flush();
        });
    }
}
