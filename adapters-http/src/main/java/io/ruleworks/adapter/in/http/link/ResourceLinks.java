package io.ruleworks.adapter.in.http.link;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code _links} of every resource, named and shaped exactly as Alga PSA's automation
 * controller builds them: {@code self}, {@code edit}, {@code patch}, {@code delete} and
 * {@code collection} as {@code {href, method, rel}} objects (its generateResourceLinks), and the
 * related routes ({@code rule}, {@code retry}, {@code execute}, {@code executions}, {@code use},
 * {@code execution}, {@code template}) as plain path strings. Only routes this service serves are
 * linked: Alga's edit/patch/delete links of executions and templates point at routes Alga does not
 * serve either (405 there), so they are left out; our own additions ({@code cancel}) take the
 * object shape. Every link here answers 2xx to its method (docs/api.md "Links").
 */
public final class ResourceLinks {

    public static final String BASE = "/api/v1/automation";
    public static final String RULES = BASE + "/rules";
    public static final String EXECUTIONS = BASE + "/executions";
    public static final String TEMPLATES = BASE + "/templates";

    private final Map<String, Object> links = new LinkedHashMap<>();

    private ResourceLinks() {
    }

    /** A rule's links: generateResourceLinks' five, plus {@code execute} and {@code executions} as GET /rules/{id} adds them. */
    public static Map<String, Object> rule(Object ruleId) {
        String self = RULES + "/" + ruleId;
        return new ResourceLinks()
                .object("self", self, "GET", "self")
                .object("edit", self, "PUT", "edit")
                .object("patch", self, "PATCH", "partial-update")
                .object("delete", self, "DELETE", "delete")
                .object("collection", RULES, "GET", "collection")
                .path("execute", self + "/execute")
                .path("executions", EXECUTIONS + "?automation_rule_id=" + ruleId)
                .build();
    }

    /** A rule created from a template: the rule's links plus {@code rule} and {@code template}, as Alga's use adds them. */
    public static Map<String, Object> ruleFromTemplate(Object ruleId, Object templateId) {
        Map<String, Object> links = new LinkedHashMap<>(rule(ruleId));
        links.put("rule", RULES + "/" + ruleId);
        links.put("template", TEMPLATES + "/" + templateId);
        return Collections.unmodifiableMap(links);
    }

    /**
     * An execution's links: {@code self} and {@code collection}; {@code execution} and {@code rule}
     * (as the execute and retry answers carry them); {@code retry} when it may be retried, and our
     * {@code cancel} while it is pending or running.
     */
    public static Map<String, Object> execution(Object executionId, Object ruleId, boolean retryable, boolean cancellable) {
        String self = EXECUTIONS + "/" + executionId;
        ResourceLinks links = new ResourceLinks()
                .object("self", self, "GET", "self")
                .object("collection", EXECUTIONS, "GET", "collection")
                .path("execution", self)
                .path("rule", RULES + "/" + ruleId);
        if (retryable) {
            links.path("retry", self + "/retry");
        }
        if (cancellable) {
            links.object("cancel", self + "/cancel", "POST", "cancel");
        }
        return links.build();
    }

    /** A template's links: {@code self}, {@code collection} and {@code use}. */
    public static Map<String, Object> template(Object templateId) {
        String self = TEMPLATES + "/" + templateId;
        return new ResourceLinks()
                .object("self", self, "GET", "self")
                .object("collection", TEMPLATES, "GET", "collection")
                .path("use", self + "/use")
                .build();
    }

    private ResourceLinks object(String name, String href, String method, String rel) {
        links.put(name, new Link(href, method, rel));
        return this;
    }

    private ResourceLinks path(String name, String href) {
        links.put(name, href);
        return this;
    }

    private Map<String, Object> build() {
        return Collections.unmodifiableMap(links);
    }
}
