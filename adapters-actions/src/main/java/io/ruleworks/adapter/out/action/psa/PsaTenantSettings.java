package io.ruleworks.adapter.out.action.psa;

import io.micronaut.core.value.PropertyResolver;
import io.ruleworks.application.port.out.action.PsaFailureException;
import io.ruleworks.domain.shared.TenantId;
import jakarta.inject.Singleton;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Optional;
import java.util.UUID;

/**
 * Where each tenant's PSA is and how to authenticate to it, from configuration only (never from a
 * rule):
 * <pre>
 * ruleworks.psa.default.base-url / api-key / priority-ids.&lt;name&gt;
 * ruleworks.psa.tenants.&lt;tenant-uuid&gt;.base-url / api-key / priority-ids.&lt;name&gt;
 * </pre>
 * A tenant's own entry wins. A tenant that names its own base URL must name its own API key too,
 * so the default key is never sent to another host; a tenant that names only an API key reaches
 * the default base URL with it. The base URLs are trusted operator configuration: they are not
 * checked against the SSRF guard the webhook_call action needs.
 */
@Singleton
public class PsaTenantSettings {

    static final String PREFIX = "ruleworks.psa.";

    private final PropertyResolver properties;

    public PsaTenantSettings(PropertyResolver properties) {
        this.properties = properties;
    }

    /** The PSA endpoint of one tenant. */
    public record Endpoint(URI baseUrl, String apiKey) {
        @Override
        public String toString() {
            return "Endpoint[baseUrl=" + baseUrl + ", apiKey=***]";
        }
    }

    public Endpoint endpoint(TenantId tenant) {
        Optional<String> ownUrl = value(tenantKey(tenant, "base-url"));
        Optional<String> ownKey = value(tenantKey(tenant, "api-key"));
        String url;
        String key;
        if (ownUrl.isPresent()) {
            url = ownUrl.get();
            key = ownKey.orElseThrow(() -> PsaFailureException.notConfigured(tenant,
                    "ruleworks.psa.tenants." + tenant + ".base-url is set without its api-key"));
        } else {
            url = value(PREFIX + "default.base-url").orElseThrow(() -> PsaFailureException.notConfigured(tenant,
                    "set ruleworks.psa.tenants." + tenant + ".base-url/api-key or ruleworks.psa.default.*"));
            key = ownKey.or(() -> value(PREFIX + "default.api-key")).orElseThrow(() ->
                    PsaFailureException.notConfigured(tenant, "no api-key for the default PSA base-url"));
        }
        return new Endpoint(baseUrl(tenant, url), key);
    }

    /** The PSA priority id a priority name maps to for this tenant. */
    public Optional<UUID> priorityId(TenantId tenant, String name) {
        return value(tenantKey(tenant, "priority-ids." + name))
                .or(() -> value(PREFIX + "default.priority-ids." + name))
                .map(UUID::fromString);
    }

    private static String tenantKey(TenantId tenant, String key) {
        return PREFIX + "tenants." + tenant + "." + key;
    }

    private Optional<String> value(String key) {
        return properties.getProperty(key, String.class).map(String::trim).filter(v -> !v.isEmpty());
    }

    private static URI baseUrl(TenantId tenant, String text) {
        try {
            URI uri = new URI(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
            if (uri.getHost() == null || !("http".equalsIgnoreCase(uri.getScheme())
                    || "https".equalsIgnoreCase(uri.getScheme()))) {
                throw PsaFailureException.notConfigured(tenant, "the PSA base-url is not an absolute http(s) URL");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw PsaFailureException.notConfigured(tenant, "the PSA base-url is not a URL");
        }
    }
}
