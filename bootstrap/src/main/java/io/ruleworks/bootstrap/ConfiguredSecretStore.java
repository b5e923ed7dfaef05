package io.ruleworks.bootstrap;

import io.micronaut.context.env.Environment;
import io.micronaut.core.naming.conventions.StringConvention;
import io.ruleworks.application.port.out.action.SecretStore;
import io.ruleworks.domain.shared.TenantId;
import jakarta.inject.Singleton;

import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Secrets from server configuration, read once at start:
 * <ul>
 * <li>{@code ruleworks.secrets.shared.NAME} and environment variables {@code RULEWORKS_SECRET_NAME}:
 *     available to every tenant's rules;</li>
 * <li>{@code ruleworks.secrets.tenants.<tenant-id>.NAME}: that tenant's own, over the shared ones.</li>
 * </ul>
 * Names are kept exactly as written ({@code [A-Za-z0-9_]}, case-sensitive), so
 * {@code RULEWORKS_SECRET_PSA_TOKEN} is {@code {{secret.PSA_TOKEN}}} in a config.
 */
@Singleton
public class ConfiguredSecretStore implements SecretStore {

    static final String ENV_PREFIX = "RULEWORKS_SECRET_";
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_]{1,128}");

    private final Map<String, String> shared;
    private final Map<TenantId, Map<String, String>> byTenant;

    public ConfiguredSecretStore(Environment environment) {
        this(environment, System.getenv());
    }

    ConfiguredSecretStore(Environment environment, Map<String, String> env) {
        Map<String, String> common = new HashMap<>();
        env.forEach((key, value) -> {
            if (key.startsWith(ENV_PREFIX)) {
                put(common, key.substring(ENV_PREFIX.length()), value, "environment variable " + key);
            }
        });
        environment.getProperties("ruleworks.secrets.shared", StringConvention.RAW)
                .forEach((name, value) -> put(common, name, value, "ruleworks.secrets.shared." + name));
        Map<TenantId, Map<String, String>> tenants = new HashMap<>();
        environment.getProperties("ruleworks.secrets.tenants", StringConvention.RAW).forEach((key, value) -> {
            int dot = key.indexOf('.');
            if (dot < 0) {
                throw new IllegalStateException("ruleworks.secrets.tenants." + key
                        + ": expected ruleworks.secrets.tenants.<tenant-id>.<NAME>");
            }
            TenantId tenant;
            try {
                tenant = TenantId.of(key.substring(0, dot));
            } catch (RuntimeException e) {
                throw new IllegalStateException("ruleworks.secrets.tenants." + key + ": " + key.substring(0, dot)
                        + " is not a tenant id (UUID)", e);
            }
            Map<String, String> own = tenants.computeIfAbsent(tenant, t -> new HashMap<>(common));
            put(own, key.substring(dot + 1), value, "ruleworks.secrets.tenants." + key);
        });
        this.shared = Collections.unmodifiableMap(common);
        Map<TenantId, Map<String, String>> frozen = new LinkedHashMap<>();
        tenants.forEach((tenant, own) -> frozen.put(tenant, Collections.unmodifiableMap(own)));
        this.byTenant = Collections.unmodifiableMap(frozen);
    }

    private static void put(Map<String, String> into, String name, Object value, String source) {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalStateException(source + ": a secret name is 1-128 letters, digits or underscores");
        }
        if (value instanceof Map<?, ?> || value instanceof Iterable<?>) {
            throw new IllegalStateException(source + ": a secret value must be a string");
        }
        into.put(name, String.valueOf(value));
    }

    @Override
    public Map<String, String> secretsFor(TenantId tenant) {
        return byTenant.getOrDefault(tenant, shared);
    }
}
