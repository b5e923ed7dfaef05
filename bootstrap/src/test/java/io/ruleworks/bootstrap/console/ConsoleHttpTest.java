package io.ruleworks.bootstrap.console;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.ruleworks.application.port.in.access.IssueApiKeyUseCase.IssuedApiKey;
import io.ruleworks.bootstrap.http.support.HttpTestBase;
import io.ruleworks.domain.access.Permission;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The console's HTTP behaviour that needs no browser: headers, cookie, sign-in limits, refusals. */
@MicronautTest(transactional = false)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleHttpTest extends HttpTestBase {

    private static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    private IssuedApiKey admin;

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> properties = new HashMap<>(super.getProperties());
        properties.put("ruleworks.console.max-failed-sign-ins", "3");
        return properties;
    }

    @BeforeAll
    void keys_() {
        admin = keys().adminOfNewTenant();
    }

    private HttpResponse<String> send(String method, String path, String cookie, String form)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.getPort() + path));
        if (cookie != null) {
            request.header("Cookie", "rw_console=" + cookie);
        }
        if (form != null) {
            request.header("Content-Type", "application/x-www-form-urlencoded");
        }
        request.method(method, form == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(form));
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private String signIn(String key) throws Exception {
        HttpResponse<String> response = send("POST", "/console/sign-in", null,
                "api_key=" + URLEncoder.encode(key, StandardCharsets.UTF_8));
        assertThat(response.statusCode()).isEqualTo(303);
        String cookie = response.headers().firstValue("Set-Cookie").orElseThrow();
        return cookie.substring("rw_console=".length(), cookie.indexOf(';'));
    }

    @Test
    void every_console_page_carries_a_strict_content_security_policy() throws Exception {
        String cookie = signIn(admin.apiKey());
        for (String path : new String[]{"/console/", "/console/rules", "/console/executions", "/console/templates"}) {
            HttpResponse<String> page = send("GET", path, cookie, null);
            assertThat(page.statusCode()).as(path).isEqualTo(200);
            assertThat(page.headers().firstValue("Content-Type")).get().asString().startsWith("text/html");
            String csp = page.headers().firstValue("Content-Security-Policy").orElseThrow();
            assertThat(csp).contains("default-src 'none'", "script-src 'self'", "style-src 'self'",
                    "frame-ancestors 'none'").doesNotContain("unsafe-inline", "unsafe-eval");
            assertThat(page.headers().firstValue("Cache-Control")).hasValue("no-store");
            assertThat(page.body()).doesNotContain(" style=\"", "<script>", "onclick");
        }
    }

    @Test
    void the_dashboard_charts_the_last_30_days_by_day() throws Exception {
        String page = send("GET", "/console/", signIn(admin.apiKey()), null).body();

        assertThat(page).contains("Executions per hour, last 24 hours", "Executions per day, last 30 days");
        // one <g><title> a bar: 24 hours, then 30 days (not 720 hours)
        assertThat(page.split("<g><title>", -1)).hasSize(1 + 24 + 30);
    }

    @Test
    void the_executions_list_counts_to_10000_and_says_more_while_the_api_counts_exactly() throws Exception {
        IssuedApiKey busy = keys().adminOfNewTenant();
        UUID rule = UUID.randomUUID();
        sql.update("""
                INSERT INTO automation_rules (tenant, rule_id, name, status, priority, trigger_type, trigger_config,
                                              actions, notification_settings, created_at, updated_at)
                VALUES (?, ?, 'busy rule', 'active', 'normal', 'manual', '{}',
                        '[{"type": "webhook_call", "order": 1, "config": {"url": "https://hooks.example.com/x"}}]',
                        '{}', now(), now())""", busy.tenant().value(), rule);
        sql.update("""
                INSERT INTO automation_executions (tenant, execution_id, automation_rule_id, trigger_type, status,
                                                   priority_rank, duration_ms, created_at, updated_at, available_at)
                SELECT ?, gen_random_uuid(), ?, 'manual', 'completed', 2, 10, now() - g * interval '1 second',
                       now(), now()
                  FROM generate_series(1, 10001) g""", busy.tenant().value(), rule);
        String cookie = signIn(busy.apiKey());

        String first = send("GET", "/console/executions", cookie, null).body();
        String deep = send("GET", "/console/executions?page=401", cookie, null).body();
        String api = as(busy.apiKey()).get("/api/v1/automation/executions?limit=25").body();

        assertThat(first).contains("10,000+ executions", "Page 1 of 400+", "Next →");
        assertThat(deep).contains("10,001 executions", "Page 401 of 401").doesNotContain("Next →");
        assertThat(api).contains("\"total\":10001", "\"totalPages\":401");
    }

    @Test
    void the_session_cookie_is_http_only_same_site_strict_and_scoped_to_the_console() throws Exception {
        HttpResponse<String> response = send("POST", "/console/sign-in", null,
                "api_key=" + URLEncoder.encode(admin.apiKey(), StandardCharsets.UTF_8));
        String cookie = response.headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(cookie).containsIgnoringCase("HttpOnly").contains("SameSite=Strict", "Path=/console")
                .doesNotContain(admin.apiKey());
    }

    @Test
    void the_local_copy_of_htmx_is_served_without_a_session() throws Exception {
        HttpResponse<String> js = send("GET", "/console/assets/htmx.min.js", null, null);
        assertThat(js.statusCode()).isEqualTo(200);
        assertThat(js.body()).contains("htmx");
        assertThat(send("GET", "/console/assets/other.js", null, null).statusCode()).isEqualTo(404);
    }

    @Test
    void without_a_session_pages_lead_to_the_sign_in_and_forms_are_refused() throws Exception {
        HttpResponse<String> page = send("GET", "/console/executions", null, null);
        assertThat(page.statusCode()).isEqualTo(303);
        assertThat(page.headers().firstValue("Location")).hasValue("/console/");
        assertThat(send("GET", "/console/executions", "made-up", null).statusCode()).isEqualTo(303);
        assertThat(send("POST", "/console/executions/" + UUID.randomUUID() + "/retry", null, "from=start")
                .statusCode()).isEqualTo(403);
    }

    @Test
    void a_key_without_read_permission_cannot_sign_in() throws Exception {
        IssuedApiKey writer = keys().forTenant(admin.tenant(), EnumSet.of(Permission.CREATE));
        HttpResponse<String> response = send("POST", "/console/sign-in", null, "api_key=" + writer.apiKey());
        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.headers().firstValue("Set-Cookie")).isEmpty();
    }

    @Test
    void bad_input_gets_a_4xx_page_never_a_500() throws Exception {
        String cookie = signIn(admin.apiKey());
        assertThat(send("GET", "/console/executions/not-a-uuid", cookie, null).statusCode()).isEqualTo(400);
        HttpResponse<String> missing = send("GET", "/console/executions/" + UUID.randomUUID(), cookie, null);
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.body()).contains("Not found");
        assertThat(send("GET", "/console/executions?status=bogus", cookie, null).statusCode()).isEqualTo(400);
        assertThat(send("GET", "/console/rules?page=0", cookie, null).statusCode()).isEqualTo(400);
        assertThat(send("GET", "/console/executions?from=yesterday", cookie, null).statusCode()).isEqualTo(400);
    }

    @Test
    @Order(Integer.MAX_VALUE)
    void failed_sign_ins_are_limited_per_address() throws Exception {
        // runs last: it spends this address's allowance (3 here; another test may have used one)
        int failures = 0;
        while (send("POST", "/console/sign-in", null, "api_key=rwk_wrong" + failures).statusCode() == 401) {
            failures++;
            assertThat(failures).as("failed sign-ins before the limit").isLessThanOrEqualTo(3);
        }
        HttpResponse<String> limited = send("POST", "/console/sign-in", null,
                "api_key=" + URLEncoder.encode(admin.apiKey(), StandardCharsets.UTF_8));
        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(limited.headers().firstValue("Retry-After")).isPresent();
    }
}
