package io.ruleworks.domain.rule;

import io.ruleworks.domain.shared.ConfigReader;
import io.ruleworks.domain.shared.Violations;
import io.ruleworks.domain.shared.WireEnum;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** Authentication of an HTTP call: none, basic, bearer or api_key, with its credentials object. */
public record HttpAuthentication(Type type, Map<String, Object> credentials) {

    public enum Type implements WireEnum { NONE, BASIC, BEARER, API_KEY }

    public static final HttpAuthentication NONE = new HttpAuthentication(Type.NONE, Map.of());

    public HttpAuthentication {
        // Open JSON: a null value is a legal member, so no Map.copyOf (which rejects nulls).
        credentials = Collections.unmodifiableMap(new LinkedHashMap<>(credentials));
    }

    public static Optional<HttpAuthentication> parse(Map<String, Object> raw, String path, Violations violations) {
        ConfigReader r = new ConfigReader(raw, path, violations);
        Optional<Type> type = r.requiredOneOf("type", WireEnum.values(Type.class)).map(t -> WireEnum.require(Type.class, t));
        Map<String, Object> credentials = r.object("credentials").orElse(Map.of());
        r.rejectUnknownKeys();
        return type.map(t -> new HttpAuthentication(t, credentials));
    }

    // The credentials an outbound call sends, as text ("null" for a missing one, as rendered into a header).

    /** basic: the user name. */
    public String username() {
        return String.valueOf(credentials.get("username"));
    }

    /** basic: the password. */
    public String password() {
        return String.valueOf(credentials.get("password"));
    }

    /** bearer: the token. */
    public String token() {
        return String.valueOf(credentials.get("token"));
    }

    /** api_key: the header that carries the key, X-API-Key when not named. */
    public String apiKeyHeader() {
        Object header = credentials.get("header");
        return header == null ? "X-API-Key" : String.valueOf(header);
    }

    /** api_key: the key. */
    public String apiKey() {
        return String.valueOf(credentials.get("key"));
    }

    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("type", type.wire());
        if (!credentials.isEmpty()) {
            map.put("credentials", credentials);
        }
        return map;
    }
}
