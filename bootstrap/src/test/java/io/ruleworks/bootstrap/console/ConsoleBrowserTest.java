package io.ruleworks.bootstrap.console;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.ruleworks.application.port.in.access.IssueApiKeyUseCase.IssuedApiKey;
import io.ruleworks.bootstrap.http.support.HttpTestBase;
import io.ruleworks.bootstrap.http.support.RuleJson;
import io.ruleworks.domain.access.Permission;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The operator console in a real browser (headless chromium) against the real service: one
 * service and one browser for the class, the tests in the order an operator would go.
 */
@MicronautTest(transactional = false)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleBrowserTest extends HttpTestBase {

    private static final String SCRIPT_NAME = "<script>alert(1)</script>";
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    private FlakyPeer peer;
    private Browser browser;
    private IssuedApiKey admin;
    private IssuedApiKey readOnly;
    private String ruleId;
    private String failedForRetry;
    private String failedForReadOnly;

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> properties = new HashMap<>(super.getProperties());
        properties.put("ruleworks.outbound.allow", "127.0.0.1/32");
        return properties;
    }

    @BeforeAll
    void start() throws IOException {
        peer = new FlakyPeer();
        admin = keys().adminOfNewTenant();
        readOnly = keys().forTenant(admin.tenant(), EnumSet.of(Permission.READ));
        ruleId = as(admin.apiKey()).post("/api/v1/automation/rules", RuleJson.of("""
                {"name": "Escalate P1 tickets", "status": "active", "trigger_type": "manual", "trigger_config": {},
                 "conditions": [{"field": "ticket.priority", "operator": "equals", "value": "P1"}],
                 "actions": [{"type": "webhook_call", "order": 1,
                              "config": {"url": "%s", "method": "POST", "body": {"title": "{{trigger.ticket.title}}"}}}]}
                """.formatted(peer.url("/escalate"))).json()).expectStatus(201).data().get("rule_id").asText();
        as(admin.apiKey()).post("/api/v1/automation/rules", RuleJson.aRule().named(SCRIPT_NAME).json())
                .expectStatus(201);
        failedForRetry = executeAndAwaitFailure("<script>alert(2)</script>");
        failedForReadOnly = executeAndAwaitFailure("second");
        browser = new Browser();
    }

    @AfterAll
    void stop() {
        if (browser != null) {
            browser.close();
        }
        peer.close();
    }

    private String executeAndAwaitFailure(String title) {
        String id = as(admin.apiKey()).post("/api/v1/automation/rules/" + ruleId + "/execute", """
                {"automation_rule_id": "%s", "execution_data": {"ticket": {"priority": "P1", "title": "%s"}}}
                """.formatted(ruleId, title)).expectStatus(201).data().get("execution_id").asText();
        await().atMost(WAIT).until(() -> as(admin.apiKey()).get("/api/v1/automation/executions/" + id)
                .data().get("status").asText().equals("failed"));
        return id;
    }

    private String base() {
        return "http://127.0.0.1:" + server.getPort();
    }

    private void signIn(String key) {
        browser.driver.get(base() + "/console/");
        browser.driver.findElement(By.name("api_key")).sendKeys(key);
        browser.driver.findElement(By.id("sign-in")).click();
        new WebDriverWait(browser.driver, WAIT).until(d -> !d.findElements(By.id("sign-out")).isEmpty());
    }

    private void signOut() {
        browser.driver.findElement(By.id("sign-out")).click();
        new WebDriverWait(browser.driver, WAIT).until(d -> !d.findElements(By.name("api_key")).isEmpty());
    }

    private String sessionCookie() {
        return browser.driver.manage().getCookieNamed("rw_console").getValue();
    }

    private String csrfToken() {
        return browser.driver.findElement(By.cssSelector("input[name=_csrf]")).getDomAttribute("value");
    }

    private HttpResponse<String> post(String path, String cookie, Map<String, String> form) throws Exception {
        StringBuilder body = new StringBuilder();
        form.forEach((k, v) -> body.append(body.isEmpty() ? "" : "&").append(URLEncoder.encode(k, StandardCharsets.UTF_8))
                .append('=').append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
        return HTTP.send(HttpRequest.newBuilder(URI.create(base() + path))
                .header("Cookie", "rw_console=" + cookie)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path, String cookie) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(base() + path)).header("Cookie", "rw_console=" + cookie)
                .GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    @Order(1)
    void an_operator_signs_in_finds_a_failed_execution_reads_its_error_retries_it_and_watches_it_complete() {
        signIn(admin.apiKey());
        assertThat(browser.driver.findElement(By.tagName("h1")).getText()).isEqualTo("Dashboard");
        assertThat(browser.driver.findElements(By.cssSelector("figure.chart svg"))).hasSize(2);
        browser.screenshot("dashboard");

        browser.driver.findElement(By.linkText("Executions")).click();
        new Select(browser.driver.findElement(By.name("status"))).selectByValue("failed");
        browser.driver.findElement(By.cssSelector("form.filters button")).click();
        new WebDriverWait(browser.driver, WAIT).until(d -> d.getCurrentUrl().contains("status=failed"));
        List<WebElement> rows = browser.driver.findElements(By.cssSelector("#executions tbody tr"));
        assertThat(rows).hasSize(2);
        browser.screenshot("executions");

        browser.driver.get(base() + "/console/executions/" + failedForRetry);
        String error = browser.driver.findElement(By.cssSelector("#action-0 .action-error")).getText();
        assertThat(error).contains("503");
        assertThat(browser.driver.findElement(By.id("execution-status")).getText()).isEqualTo("failed");
        assertThat(browser.driver.findElement(By.id("trigger-data")).getText()).contains("<script>alert(2)</script>");
        browser.screenshot("execution-failed");

        peer.recover();
        browser.driver.findElement(By.id("retry-failed")).click();
        // the page polls its running parts (htmx) and swaps them: an element found may be replaced before it is read
        new WebDriverWait(browser.driver, WAIT).ignoring(StaleElementReferenceException.class).until(d ->
                d.findElement(By.id("execution-status")).getText().equals("completed"));
        assertThat(browser.driver.findElements(By.id("retry-start"))).isEmpty();
        assertThat(browser.driver.findElements(By.cssSelector("table.conditions tbody tr"))).as("the latest attempt's")
                .hasSize(1);
        assertThat(browser.driver.findElement(By.id("timeline")).getText())
                .contains("Execution started (attempt 1", "Execution started (attempt 2");
        browser.screenshot("execution-completed");
        browser.phoneWidth(true);
        browser.screenshot("execution-phone");
        browser.phoneWidth(false);
    }

    @Test
    @Order(2)
    void a_dry_run_from_the_rule_page_shows_the_condition_trace_and_the_rendered_config() {
        browser.driver.get(base() + "/console/rules/" + ruleId);
        WebElement data = browser.driver.findElement(By.id("execution_data"));
        data.clear();
        data.sendKeys("{\"ticket\": {\"priority\": \"P1\", \"title\": \"Mail down\"}}");
        browser.driver.findElement(By.id("dry-run")).click();
        WebElement result = new WebDriverWait(browser.driver, WAIT)
                .until(d -> d.findElement(By.id("dry-run-result")));
        String conditions = result.findElement(By.cssSelector("table.conditions")).getText();
        assertThat(conditions).contains("ticket.priority", "equals", "P1", "holds");
        assertThat(result.findElement(By.cssSelector("pre.rendered-config")).getText())
                .contains(peer.url("/escalate"), "Mail down");
        browser.screenshot("rule-dry-run", result);
    }

    @Test
    @Order(3)
    void a_rule_named_with_a_script_tag_renders_as_text() {
        browser.driver.get(base() + "/console/rules");
        assertThat(browser.driver.findElements(By.cssSelector("a.rule-name")).stream().map(WebElement::getText))
                .contains(SCRIPT_NAME, "Escalate P1 tickets");
        assertThatThrownBy(() -> browser.driver.switchTo().alert()).isInstanceOf(NoAlertPresentException.class);
        assertThat(browser.driver.getPageSource()).doesNotContain(SCRIPT_NAME);
        browser.screenshot("rules");
        browser.driver.get(base() + "/console/templates");
        browser.screenshot("templates");
    }

    @Test
    @Order(4)
    void a_request_without_the_csrf_token_is_refused_with_403() throws Exception {
        browser.driver.get(base() + "/console/executions/" + failedForReadOnly);
        String cookie = sessionCookie();
        assertThat(post("/console/executions/" + failedForReadOnly + "/retry", cookie, Map.of("from", "start"))
                .statusCode()).isEqualTo(403);
        assertThat(post("/console/executions/" + failedForReadOnly + "/retry", cookie,
                Map.of("from", "start", "_csrf", "forged")).statusCode()).isEqualTo(403);
        assertThat(as(admin.apiKey()).get("/api/v1/automation/executions/" + failedForReadOnly)
                .data().get("status").asText()).isEqualTo("failed");
    }

    @Test
    @Order(5)
    void a_read_only_key_sees_no_controls_and_a_forged_post_gets_403() throws Exception {
        signOut();
        signIn(readOnly.apiKey());
        browser.driver.get(base() + "/console/executions/" + failedForReadOnly);
        assertThat(browser.driver.findElement(By.id("execution-status")).getText()).isEqualTo("failed");
        assertThat(browser.driver.findElements(By.cssSelector("#retry-start, #retry-failed, #cancel"))).isEmpty();
        browser.screenshot("execution-read-only");
        browser.driver.get(base() + "/console/rules/" + ruleId);
        assertThat(browser.driver.findElements(By.cssSelector("#activate, #deactivate, #execute, #dry-run"))).isEmpty();

        HttpResponse<String> forged = post("/console/executions/" + failedForReadOnly + "/retry", sessionCookie(),
                Map.of("from", "start", "_csrf", csrfToken()));
        assertThat(forged.statusCode()).isEqualTo(403);
        assertThat(post("/console/rules/" + ruleId + "/status", sessionCookie(),
                Map.of("status", "inactive", "_csrf", csrfToken())).statusCode()).isEqualTo(403);
        assertThat(as(admin.apiKey()).get("/api/v1/automation/executions/" + failedForReadOnly)
                .data().get("status").asText()).isEqualTo("failed");
    }

    @Test
    @Order(6)
    void signing_out_invalidates_the_session() throws Exception {
        String cookie = sessionCookie();
        assertThat(get("/console/executions", cookie).statusCode()).isEqualTo(200);
        signOut();
        browser.screenshot("sign-in");
        HttpResponse<String> after = get("/console/executions", cookie);
        assertThat(after.statusCode()).isEqualTo(303);
        assertThat(after.headers().firstValue("Location")).hasValue("/console/");
    }
}
