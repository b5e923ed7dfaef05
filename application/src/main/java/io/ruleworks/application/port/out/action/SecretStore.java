package io.ruleworks.application.port.out.action;

import io.ruleworks.domain.shared.TenantId;

import java.util.Map;

/**
 * Secrets a tenant's action configs may reference as {@code {{secret.NAME}}}. Values come from
 * server configuration, never from a rule; the engine resolves them only when it renders a config
 * and masks them in everything it records.
 */
public interface SecretStore {

    /** Name to value, for the tenant (its own secrets over the shared ones). */
    Map<String, String> secretsFor(TenantId tenant);
}
