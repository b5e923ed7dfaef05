package io.ruleworks.adapter.in.http.auth;

import io.micronaut.context.annotation.Value;
import io.micronaut.http.HttpAttributes;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.ruleworks.application.port.DependencyUnavailableException;
import io.ruleworks.application.port.in.access.AuthenticateUseCase;
import io.ruleworks.domain.access.Caller;
import io.ruleworks.domain.access.Permission;
import io.ruleworks.domain.shared.DomainException;

import java.security.Principal;
import java.util.EnumSet;
import java.util.Optional;

/**
 * Decides who sees the details of GET /health (the health endpoint shows them to an authenticated
 * principal only, {@code endpoints.health.details-visible: AUTHENTICATED}): a caller whose
 * {@code x-api-key} holds every permission (an admin key), or anyone on a management port of its
 * own ({@code endpoints.all.port} set apart from {@code micronaut.server.port}), which operators
 * keep off the public network. Everyone else gets the status alone; a bad key is not an error here.
 */
@ServerFilter({"/health", "/health/**"})
public class HealthDetailsFilter {

    private final AuthenticateUseCase authenticate;
    private final int managementPort;

    public HealthDetailsFilter(AuthenticateUseCase authenticate,
                               @Value("${micronaut.server.port:8080}") int serverPort,
                               @Value("${endpoints.all.port:-1}") int endpointsPort) {
        this.authenticate = authenticate;
        this.managementPort = endpointsPort > 0 && endpointsPort != serverPort ? endpointsPort : -1;
    }

    @RequestFilter
    @ExecuteOn(TaskExecutors.BLOCKING)
    public void decide(HttpRequest<?> request) {
        if (managementPort > 0 && request.getServerAddress().getPort() == managementPort) {
            request.setAttribute(HttpAttributes.PRINCIPAL, (Principal) () -> "management-port");
            return;
        }
        String key = request.getHeaders().get(ApiKeyAuthenticationFilter.API_KEY_HEADER);
        if (key == null) {
            return;
        }
        try {
            Caller caller = authenticate.authenticate(Optional.of(key),
                    Optional.ofNullable(request.getHeaders().get(ApiKeyAuthenticationFilter.TENANT_HEADER)));
            if (caller.permissions().containsAll(EnumSet.allOf(Permission.class))) {
                request.setAttribute(HttpAttributes.PRINCIPAL, (Principal) () -> "api-key:" + caller.keyId());
            }
        } catch (DomainException | DependencyUnavailableException e) {
            // an unknown, expired or unusable key, or the key store down: the status alone
        }
    }
}
