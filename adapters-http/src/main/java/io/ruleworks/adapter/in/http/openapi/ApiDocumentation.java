package io.ruleworks.adapter.in.http.openapi;

import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeIn;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeType;
import io.swagger.v3.oas.annotations.info.Info;
import io.swagger.v3.oas.annotations.info.License;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.security.SecurityScheme;
import io.swagger.v3.oas.annotations.tags.Tag;

/**
 * The head of the OpenAPI 3.1 document that micronaut-openapi generates from the controllers at
 * compile time (served at {@value #DOCUMENT_PATH}, Swagger UI at /swagger-ui/). Every operation is
 * guarded by the contract's ApiKeyAuth scheme; Ruleworks' own additions to the contract carry
 * {@value #EXTENSION} = true.
 */
@OpenAPIDefinition(
        info = @Info(title = "Ruleworks automation API", version = "v1",
                description = "Automation rules, executions and templates, wire-compatible with the Alga PSA "
                        + "automation API. Operations, parameters and fields marked x-ruleworks-extension are "
                        + "Ruleworks additions to that contract.",
                license = @License(name = "Proprietary")),
        security = @SecurityRequirement(name = ApiDocumentation.API_KEY_SCHEME),
        tags = {
                @Tag(name = ApiDocumentation.RULES, description = "Automation rules"),
                @Tag(name = ApiDocumentation.EXECUTIONS, description = "Executing rules; reading, retrying and cancelling executions"),
                @Tag(name = ApiDocumentation.TEMPLATES, description = "Templates created from rules and used to create rules"),
                @Tag(name = ApiDocumentation.META, description = "Reference catalog: enums and config schemas"),
                @Tag(name = ApiDocumentation.STATISTICS, description = "Statistics and performance of rules and executions"),
                @Tag(name = ApiDocumentation.EVENTS, description = "Extension: event ingestion for event_based rules")
        })
@SecurityScheme(name = ApiDocumentation.API_KEY_SCHEME, type = SecuritySchemeType.APIKEY, in = SecuritySchemeIn.HEADER,
        paramName = "x-api-key", description = "An API key issued by `ruleworks create-api-key`.")
@SecurityScheme(name = ApiDocumentation.HOOK_SIGNATURE_SCHEME, type = SecuritySchemeType.APIKEY,
        in = SecuritySchemeIn.HEADER, paramName = "X-Ruleworks-Signature",
        description = "Extension, inbound hooks only: v1=<hex HMAC-SHA256 of \"<X-Ruleworks-Timestamp>.<raw body>\"> "
                + "with the rule's signing secret; no API key.")
public final class ApiDocumentation {

    public static final String DOCUMENT_PATH = "/swagger/ruleworks.yml";
    public static final String API_KEY_SCHEME = "ApiKeyAuth";
    public static final String HOOK_SIGNATURE_SCHEME = "HookSignature";
    /** The vendor extension (value true) on what Ruleworks adds to the contract. */
    public static final String EXTENSION = "x-ruleworks-extension";
    public static final String RULES = "Rules";
    public static final String EXECUTIONS = "Executions";
    public static final String TEMPLATES = "Templates";
    public static final String META = "Meta";
    public static final String STATISTICS = "Statistics";
    public static final String EVENTS = "Events";
    public static final String JSON = "application/json";

    private ApiDocumentation() {
    }
}
