package io.ruleworks.application.service.access;

import io.ruleworks.application.port.in.access.AuthenticateUseCase;
import io.ruleworks.application.port.in.access.IssueApiKeyUseCase;
import io.ruleworks.application.port.out.access.ApiKeyStore;
import io.ruleworks.application.port.out.access.TenantRepository;
import io.ruleworks.application.port.out.transaction.Transactions;
import io.ruleworks.domain.access.ApiKey;
import io.ruleworks.domain.access.ApiKeyId;
import io.ruleworks.domain.access.AuthenticationException;
import io.ruleworks.domain.access.AuthenticationException.Reason;
import io.ruleworks.domain.access.Caller;
import io.ruleworks.domain.access.Permission;
import io.ruleworks.domain.access.PermissionDeniedException;
import io.ruleworks.domain.access.Tenant;
import io.ruleworks.domain.shared.NotFoundException;
import io.ruleworks.domain.shared.TenantId;
import io.ruleworks.domain.shared.ValidationException;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** Issues API keys (the secret is shown once, only its SHA-256 hash is kept) and authenticates requests. */
public final class ApiKeyService implements AuthenticateUseCase, IssueApiKeyUseCase {

    static final String KEY_PREFIX = "rwk_";
    static final int DISPLAY_PREFIX_LENGTH = 12;
    static final int MAX_KEY_LENGTH = 512;
    public static final String DEFAULT_TENANT_NAME = "default";

    private final ApiKeyStore keys;
    private final TenantRepository tenants;
    private final Transactions transactions;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    public ApiKeyService(ApiKeyStore keys, TenantRepository tenants, Transactions transactions, Clock clock) {
        this.keys = keys;
        this.tenants = tenants;
        this.transactions = transactions;
        this.clock = clock;
    }

    @Override
    public Caller authenticate(Optional<String> apiKey, Optional<String> tenantHeader) {
        String hash = hashOfPresented(apiKey);
        Instant now = clock.instant();
        ApiKey found = keys.findByHash(hash).orElseThrow(() -> new AuthenticationException(Reason.UNKNOWN));
        check(found, tenantHeader, now);
        ApiKey key;
        if (found.usageLimit().isPresent()) {
            // exact under concurrency: one conditional UPDATE grants each remaining use once
            key = keys.consume(hash, now).orElseThrow(() -> new AuthenticationException(
                    keys.findByHash(hash).flatMap(k -> k.refusal(now)).orElse(Reason.USAGE_LIMIT_REACHED)));
        } else {
            keys.recordUse(found.id(), now);
            key = found;
        }
        return key.toCaller();
    }

    @Override
    public Optional<Caller> authenticateWithoutBlocking(Optional<String> apiKey, Optional<String> tenantHeader) {
        String hash = hashOfPresented(apiKey);
        Optional<ApiKey> held = keys.findHeldByHash(hash).filter(k -> k.usageLimit().isEmpty());
        if (held.isEmpty()) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        check(held.get(), tenantHeader, now);
        keys.recordUse(held.get().id(), now);
        return Optional.of(held.get().toCaller());
    }

    /** The hash of the presented key; 401 for a missing one or one this service cannot have issued. */
    private static String hashOfPresented(Optional<String> apiKey) {
        String raw = apiKey.map(String::strip).filter(k -> !k.isEmpty())
                .orElseThrow(() -> new AuthenticationException(Reason.MISSING));
        if (!couldBeIssued(raw)) {
            throw new AuthenticationException(Reason.UNKNOWN);
        }
        return hash(raw);
    }

    /** 401 for a key unusable at {@code now}, 403 for a tenant header naming another tenant. */
    private static void check(ApiKey found, Optional<String> tenantHeader, Instant now) {
        found.refusal(now).ifPresent(reason -> {
            throw new AuthenticationException(reason);
        });
        // a request for another tenant is refused before it counts as a use of the key
        tenantHeader.map(String::strip).filter(t -> !t.isEmpty()).ifPresent(t -> {
            if (!t.equalsIgnoreCase(found.tenant().toString())) {
                throw new PermissionDeniedException("x-tenant-id does not match the API key's tenant",
                        Map.of("header", "x-tenant-id"));
            }
        });
    }

    @Override
    public IssuedApiKey issue(IssueApiKeyCommand command) {
        if (command.permissions().isEmpty()) {
            throw ValidationException.of("permissions", "must name at least one permission");
        }
        Instant now = clock.instant();
        command.expiresAt().filter(e -> !e.isAfter(now))
                .ifPresent(e -> {
                    throw ValidationException.of("expires_at", "must be in the future");
                });
        command.usageLimit().filter(l -> l < 1)
                .ifPresent(l -> {
                    throw ValidationException.of("usage_limit", "must be at least 1");
                });
        return transactions.inTransaction(() -> {
            TenantId tenant = command.tenant().orElseGet(() -> newTenant("tenant-" + now.toEpochMilli(), now));
            if (command.tenant().isPresent() && !tenants.exists(tenant)) {
                throw new NotFoundException("tenant", tenant);
            }
            return store(tenant, command, now);
        });
    }

    @Override
    public Optional<IssuedApiKey> issueFirstAdminKey() {
        return transactions.inTransaction(() -> {
            if (!keys.isEmpty()) {
                return Optional.empty();
            }
            Instant now = clock.instant();
            TenantId tenant = newTenant(DEFAULT_TENANT_NAME, now);
            IssueApiKeyCommand admin = new IssueApiKeyCommand(Optional.of(tenant), EnumSet.allOf(Permission.class),
                    Optional.empty(), Optional.empty());
            return Optional.of(store(tenant, admin, now));
        });
    }

    private TenantId newTenant(String name, Instant now) {
        TenantId id = new TenantId(UUID.randomUUID());
        tenants.save(new Tenant(id, name, now));
        return id;
    }

    private IssuedApiKey store(TenantId tenant, IssueApiKeyCommand command, Instant now) {
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        String raw = KEY_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        ApiKeyId id = new ApiKeyId(UUID.randomUUID());
        keys.save(new ApiKey(id, tenant, raw.substring(0, DISPLAY_PREFIX_LENGTH), hash(raw), command.permissions(),
                true, command.expiresAt(), command.usageLimit(), 0, Optional.empty(), Optional.empty(), now));
        return new IssuedApiKey(raw, id, tenant, command.permissions());
    }

    /**
     * Whether {@code raw} has the shape of a key this service issues ({@value #KEY_PREFIX} and
     * base64url characters, at most {@value #MAX_KEY_LENGTH} long): anything else is unknown without
     * a database lookup, so a garbled key is refused at once even while the database is down.
     */
    static boolean couldBeIssued(String raw) {
        if (raw.length() > MAX_KEY_LENGTH || !raw.startsWith(KEY_PREFIX) || raw.length() == KEY_PREFIX.length()) {
            return false;
        }
        for (int i = KEY_PREFIX.length(); i < raw.length(); i++) {
            char c = raw.charAt(i);
            boolean base64url = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '_';
            if (!base64url) {
                return false;
            }
        }
        return true;
    }

    static String hash(String raw) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(sha256.digest(raw.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
