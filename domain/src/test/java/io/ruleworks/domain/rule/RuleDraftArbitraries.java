package io.ruleworks.domain.rule;

import io.ruleworks.domain.fixtures.Json;
import io.ruleworks.domain.shared.WireEnum;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Generators of rule drafts: {@link #validDrafts()} that the domain must accept, and
 * {@link #arbitraryDrafts()} of any JSON-like shape, biased towards the field names the domain
 * knows so that the parsers are exercised deep down and not only at the top.
 */
final class RuleDraftArbitraries {

    /** The names a violation path may start with: the fields of a rule. */
    static final Set<String> TOP_LEVEL_FIELDS = Set.of("name", "description", "status", "priority", "trigger_type",
            "trigger_config", "conditions", "condition_logic", "actions", "max_concurrent_executions",
            "execution_timeout_minutes", "retry_failed_executions", "is_template", "template_category", "tags",
            "metadata", "notification_settings");

    /** Every key any parser of the domain asks for. */
    static final List<String> KNOWN_KEYS = List.copyOf(new TreeSet<>(List.of(
            "schedule_type", "cron_expression", "start_date", "end_date", "timezone", "max_executions",
            "skip_if_running", "misfire_policy", "event_type", "event_source", "event_filters", "debounce_minutes",
            "batch_size", "batch_timeout_minutes", "check_interval_minutes", "conditions", "logic_operator",
            "max_check_attempts", "webhook_url", "http_method", "headers", "authentication", "type", "credentials",
            "timeout_seconds", "retry_attempts", "field", "operator", "value", "data_type", "config", "order",
            "continue_on_error", "to", "cc", "bcc", "subject", "body", "is_html", "attachments", "phone_numbers",
            "message", "sender_id", "url", "method", "table", "operation", "data", "return_updated", "ticket_data",
            "ticket_id", "assigned_to", "status", "priority", "notes", "script_type", "script_content",
            "environment_variables", "working_directory", "rule_id", "execution_data", "wait_for_completion",
            "command", "args", "notify_on_success", "notify_on_failure", "notification_emails",
            "notification_webhooks", "title", "summary", "client_id", "board_id", "priority_id", "status_id",
            "location_id", "contact_name_id", "category_id", "subcategory_id", "attributes", "tags",
            "override_close_rules", "override_close_rules_reason", "suppressContactNotifications",
            "suppressInternalNotifications", "project_id", "project_name", "description", "budgeted_hours",
            "is_inactive", "project_data", "work_item_type", "work_item_id", "user_id", "started_at", "ended_at",
            "duration_minutes", "billable_minutes", "window_start", "window_end", "identity_key", "cadence_owner",
            "billing_cycle_id", "contract_id", "contract_line_id")));

    private static final List<String> ACTION_TYPES = List.copyOf(WireEnum.values(ActionType.class));
    private static final List<String> TRIGGER_TYPES = List.copyOf(WireEnum.values(TriggerType.class));
    private static final List<String> OPERATORS = List.copyOf(WireEnum.values(ConditionOperator.class));

    private RuleDraftArbitraries() {
    }

    // === valid drafts ===========================================================================

    static Arbitrary<RuleDraft> validDrafts() {
        Arbitrary<Optional<String>> name = Combinators.combine(
                        Arbitraries.strings().alpha().numeric().withChars(' ', '-', '_', 'é').ofMinLength(1).ofMaxLength(60)
                                .filter(s -> !s.isBlank()),
                        Arbitraries.of("", " ", "  "))
                .as((core, pad) -> Optional.of(pad + core + pad));
        Arbitrary<Optional<String>> description = Arbitraries.strings().ofMaxLength(200).optional();
        Arbitrary<Optional<String>> status = Arbitraries.of("active", "inactive", "draft", "error").optional();
        Arbitrary<Optional<String>> priority = Arbitraries.of("low", "normal", "high", "critical").optional();
        Arbitrary<Optional<String>> logic = Arbitraries.of("and", "or", "not").optional();
        Arbitrary<Optional<List<Object>>> conditions = validCondition().list().ofMaxSize(5)
                .map(l -> (List<Object>) new ArrayList<>(l)).optional();
        Arbitrary<Optional<Long>> maxConcurrent = Arbitraries.longs().between(1, 1_000).optional();
        Arbitrary<Optional<Long>> timeout = Arbitraries.longs().between(1, 1_440).optional();
        Arbitrary<Optional<String>> category = Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(30).optional();
        Arbitrary<Optional<List<String>>> tags = Arbitraries.of("billing", "urgent", "vip", "night", "é-tag")
                .list().ofMaxSize(6).optional();
        Arbitrary<Optional<Map<String, Object>>> metadata = jsonObject(2).optional();
        Arbitrary<Optional<Map<String, Object>>> notifications = validNotificationSettings().optional();

        Arbitrary<Tuple.Tuple2<String, Map<String, Object>>> trigger = validTrigger();
        Arbitrary<Tuple.Tuple6<Optional<String>, Optional<String>, Optional<String>, Optional<String>,
                Optional<List<Object>>, Optional<String>>> head = Combinators.combine(name, description, status,
                priority, conditions, logic).as(Tuple::of);
        Arbitrary<Tuple.Tuple6<Optional<Long>, Optional<Long>, Optional<Boolean>, Optional<Boolean>,
                Optional<String>, Optional<List<String>>>> middle = Combinators.combine(maxConcurrent, timeout,
                Arbitraries.of(true, false).optional(), Arbitraries.of(true, false).optional(), category, tags)
                .as(Tuple::of);
        return Combinators.combine(head, trigger, validActions(), middle, metadata, notifications)
                .as((h, t, actions, m, meta, notify) -> new RuleDraft(h.get1(), h.get2(), h.get3(), h.get4(),
                        Optional.of(t.get1()), Optional.of(t.get2()), h.get5(), h.get6(), Optional.of(actions),
                        m.get1(), m.get2(), m.get3(), m.get4(), m.get5(), m.get6(), meta, notify));
    }

    static Arbitrary<Tuple.Tuple2<String, Map<String, Object>>> validTrigger() {
        return Arbitraries.oneOf(
                Combinators.combine(Arbitraries.of("time_based", "recurring"), validSchedule()).as(Tuple::of),
                validEvent().map(c -> Tuple.of("event_based", c)),
                validConditionCheck().map(c -> Tuple.of("condition_based", c)),
                validInboundWebhook().map(c -> Tuple.of("webhook", c)),
                Arbitraries.just(Tuple.of("manual", Json.object())));
    }

    static Arbitrary<Map<String, Object>> validSchedule() {
        Arbitrary<String> scheduleType = Arbitraries.of("once", "hourly", "daily", "weekly", "monthly", "yearly",
                "custom_cron");
        Arbitrary<String> cron = Arbitraries.of("*/5 * * * *", "0 9 * * 1-5", "30 2 1 * *", "0 0 * * 0", "15 14 1 1 *");
        Arbitrary<Instant> start = Arbitraries.longs().between(1_735_689_600L, 1_893_456_000L).map(Instant::ofEpochSecond);
        Arbitrary<String> zone = Arbitraries.of("UTC", "Z", "Europe/Berlin", "America/New_York", "+02:00", "Etc/UTC",
                "Asia/Kolkata");
        return Combinators.combine(scheduleType, cron.optional(), start.optional(), Arbitraries.longs().between(1, 400 * 86_400L).optional(),
                        zone.optional(), Arbitraries.longs().between(1, 10_000).optional(),
                        Arbitraries.of(true, false).optional(), Arbitraries.of("fire_once", "skip").optional())
                .as((type, c, s, lengthSeconds, z, max, skip, misfire) -> {
                    Map<String, Object> map = Json.object("schedule_type", type);
                    if (type.equals("custom_cron") || c.isPresent()) {
                        map.put("cron_expression", c.orElse("*/15 * * * *"));
                    }
                    Optional<Instant> startDate = type.equals("once") ? Optional.of(s.orElse(Instant.parse("2027-01-01T00:00:00Z"))) : s;
                    startDate.ifPresent(d -> map.put("start_date", d.atOffset(ZoneOffset.ofHours(2)).toString()));
                    startDate.flatMap(d -> lengthSeconds.map(d::plusSeconds)).ifPresent(e -> map.put("end_date", e.toString()));
                    z.ifPresent(v -> map.put("timezone", v));
                    max.ifPresent(v -> map.put("max_executions", v));
                    skip.ifPresent(v -> map.put("skip_if_running", v));
                    misfire.ifPresent(v -> map.put("misfire_policy", v));
                    return map;
                });
    }

    static Arbitrary<Map<String, Object>> validEvent() {
        return Combinators.combine(Arbitraries.of("ticket.created", "ticket.updated", "invoice.paid"),
                        Arbitraries.of("psa", "billing").optional(), eventFilters().optional(),
                        Arbitraries.longs().between(0, 10_080).optional(), Arbitraries.longs().between(1, 1_000).optional(),
                        Arbitraries.longs().between(1, 10_080).optional())
                .as((type, source, filters, debounce, batch, batchTimeout) -> {
                    Map<String, Object> map = Json.object("event_type", type);
                    source.ifPresent(v -> map.put("event_source", v));
                    filters.ifPresent(v -> map.put("event_filters", v));
                    debounce.ifPresent(v -> map.put("debounce_minutes", v));
                    // a rule either debounces or batches
                    if (debounce.orElse(0L) == 0) {
                        batch.ifPresent(v -> map.put("batch_size", v));
                        batchTimeout.ifPresent(v -> map.put("batch_timeout_minutes", v));
                    }
                    return map;
                });
    }

    /** Payload field paths to plain values (equals), null (absent) or condition objects. */
    static Arbitrary<Map<String, Object>> eventFilters() {
        Arbitrary<Object> value = Arbitraries.oneOf(Arbitraries.strings().alpha().ofMaxLength(8).map(v -> (Object) v),
                Arbitraries.longs().between(-5, 5).map(v -> (Object) v), Arbitraries.just(null),
                Arbitraries.just(Json.object("operator", "greater_than", "value", 3)));
        return Arbitraries.maps(Arbitraries.of("priority", "ticket.status", "amount"), value).ofMaxSize(3)
                .map(m -> {
                    Map<String, Object> filters = new java.util.LinkedHashMap<>();
                    filters.putAll(m);
                    return filters;
                });
    }

    static Arbitrary<Map<String, Object>> validConditionCheck() {
        return Combinators.combine(Arbitraries.longs().between(1, 10_080), validCondition().list().ofMinSize(1).ofMaxSize(4),
                        Arbitraries.of("and", "or", "not").optional(), Arbitraries.longs().between(1, 100).optional())
                .as((interval, conditions, logic, attempts) -> {
                    Map<String, Object> map = Json.object("check_interval_minutes", interval,
                            "conditions", new ArrayList<Object>(conditions));
                    logic.ifPresent(v -> map.put("logic_operator", v));
                    attempts.ifPresent(v -> map.put("max_check_attempts", v));
                    return map;
                });
    }

    static Arbitrary<Map<String, Object>> validInboundWebhook() {
        Arbitrary<Map<String, Object>> auth = Combinators.combine(Arbitraries.of("none", "basic", "bearer", "api_key"),
                        jsonObject(1).optional())
                .as((type, credentials) -> {
                    Map<String, Object> map = Json.object("type", type);
                    credentials.ifPresent(c -> map.put("credentials", c));
                    return map;
                });
        return Combinators.combine(Arbitraries.of("https://psa.example.com/hooks/1", "http://localhost:8080/in").optional(),
                        Arbitraries.of("GET", "POST", "PUT", "PATCH", "DELETE").optional(), stringMap().optional(),
                        auth.optional(), Arbitraries.longs().between(1, 300).optional(),
                        Arbitraries.longs().between(0, 5).optional())
                .as((url, method, headers, authentication, timeout, retries) -> {
                    Map<String, Object> map = Json.object();
                    url.ifPresent(v -> map.put("webhook_url", v));
                    method.ifPresent(v -> map.put("http_method", v));
                    headers.ifPresent(v -> map.put("headers", v));
                    authentication.ifPresent(v -> map.put("authentication", v));
                    timeout.ifPresent(v -> map.put("timeout_seconds", v));
                    retries.ifPresent(v -> map.put("retry_attempts", v));
                    return map;
                });
    }

    static Arbitrary<Object> validCondition() {
        Arbitrary<String> field = Arbitraries.strings().withCharRange('a', 'z').withChars('_', '$', '-', '0')
                .ofMinLength(1).ofMaxLength(12).list().ofMinSize(1).ofMaxSize(3).map(parts -> String.join(".", parts));
        Arbitrary<String> regex = Arbitraries.of("^INV-\\d+$", "(?i)urgent", "a|b", "[a-z]{2,5}", "");
        return Combinators.combine(field, Arbitraries.of(OPERATORS), jsonScalar(), jsonScalar().list().ofMaxSize(4),
                        regex, Arbitraries.of("string", "number", "boolean", "date", "array", "object").optional())
                .as((f, op, scalar, list, re, dataType) -> {
                    Map<String, Object> map = Json.object("field", f, "operator", op);
                    switch (op) {
                        case "exists", "not_exists" -> { }
                        case "in", "not_in" -> map.put("value", new ArrayList<>(list));
                        case "regex_match" -> map.put("value", re);
                        default -> map.put("value", scalar == null ? "x" : scalar);
                    }
                    dataType.ifPresent(d -> map.put("data_type", d));
                    return map;
                });
    }

    static Arbitrary<List<Object>> validActions() {
        return validActionWithoutOrder().list().ofMinSize(1).ofMaxSize(5).flatMap(actions ->
                Arbitraries.integers().between(1, 1_000).list().uniqueElements().ofSize(actions.size()).map(orders -> {
                    List<Object> result = new ArrayList<>();
                    for (int i = 0; i < actions.size(); i++) {
                        Map<String, Object> action = new LinkedHashMap<>(actions.get(i));
                        action.put("order", orders.get(i));
                        result.add(action);
                    }
                    return result;
                }));
    }

    private static Arbitrary<Map<String, Object>> validActionWithoutOrder() {
        Arbitrary<Tuple.Tuple2<String, Map<String, Object>>> typed = Arbitraries.oneOf(
                Arbitraries.of("https://hooks.example.com/a", "http://10.0.0.1:9000/x?y=1", "{{trigger.callback}}")
                        .map(url -> Tuple.of("webhook_call", Json.object("url", url, "method", "PUT", "body",
                                Json.object("text", "hi", "n", null)))),
                Arbitraries.of("a@example.com", "{{ticket.contact_email}}").list().ofMinSize(1).ofMaxSize(3)
                        .map(to -> Tuple.of("email_notification", Json.object("to", new ArrayList<Object>(to),
                                "subject", "Hello", "body", "World", "is_html", true))),
                Arbitraries.of("+14155550100", "+491701234567").list().ofMinSize(1).ofMaxSize(2)
                        .map(numbers -> Tuple.of("sms_notification", Json.object("phone_numbers",
                                new ArrayList<Object>(numbers), "message", "Ticket escalated"))),
                Arbitraries.of(
                        Json.object("table", "tickets", "operation", "insert", "data", Json.object("status", "open")),
                        Json.object("table", "tickets", "operation", "update", "data", Json.object("status", "open"),
                                "conditions", Json.object("id", 7)),
                        Json.object("table", "tickets", "operation", "delete", "conditions", Json.object("id", 7),
                                "return_updated", true)).map(config -> Tuple.of("database_update", config)),
                Arbitraries.just(Tuple.of("ticket_creation", Json.object("ticket_data", Json.object("title", "Down"),
                        "priority", "high"))),
                Arbitraries.of("close", "update").map(op -> Tuple.of("ticket_update",
                        Json.object("operation", op, "ticket_id", "6f1c1d4e-4e0b-4d5a-9c3e-2a1b0c9d8e7f",
                                "status", "0b7e6a52-8f4a-4bcb-9b6e-0d6e1c0f2a11"))),
                Arbitraries.of("return 1;", "return context.trigger;").map(code -> Tuple.of("custom_script",
                        Json.object("script_type", "javascript", "script_content", code, "environment_variables",
                                Json.object("A", "1")))),
                Arbitraries.just(Tuple.of("workflow_execution",
                        Json.object("rule_id", "0b7e6a52-8f4a-4bcb-9b6e-0d6e1c0f2a11", "wait_for_completion", true))),
                Arbitraries.just(Tuple.of("system_command", Json.object("command", "/usr/bin/true",
                        "args", Json.array("-v")))),
                jsonObject(2).map(data -> Tuple.of("project_update", Json.object("project_id",
                        "6f1c1d4e-4e0b-4d5a-9c3e-2a1b0c9d8e7f", "project_name", "Migration", "project_data", data))),
                Arbitraries.just(Tuple.of("time_entry_creation", Json.object("work_item_type", "ticket",
                        "work_item_id", "6f1c1d4e-4e0b-4d5a-9c3e-2a1b0c9d8e7f", "started_at", "2026-01-31T09:00:00Z",
                        "ended_at", "2026-01-31T10:00:00Z", "duration_minutes", 60))),
                Arbitraries.just(Tuple.of("invoice_generation", Json.object("client_id",
                        "6f1c1d4e-4e0b-4d5a-9c3e-2a1b0c9d8e7f", "window_start", "2026-01-01", "window_end", "2026-02-01",
                        "identity_key", "client:acme"))));
        return Combinators.combine(typed, Arbitraries.of(true, false).optional(),
                        Arbitraries.integers().between(1, 3_600).optional(), Arbitraries.integers().between(0, 5).optional())
                .as((t, continueOnError, timeout, retries) -> {
                    Map<String, Object> map = Json.object("type", t.get1(), "config", t.get2());
                    continueOnError.ifPresent(v -> map.put("continue_on_error", v));
                    timeout.ifPresent(v -> map.put("timeout_seconds", v));
                    retries.ifPresent(v -> map.put("retry_attempts", v));
                    return map;
                });
    }

    private static Arbitrary<Map<String, Object>> validNotificationSettings() {
        return Combinators.combine(Arbitraries.of(true, false).optional(), Arbitraries.of(true, false).optional(),
                        Arbitraries.of("ops@example.com", "boss@example.org").list().ofMaxSize(2).optional(),
                        Arbitraries.of("https://chat.example.com/hook").list().ofMaxSize(1).optional())
                .as((success, failure, emails, hooks) -> {
                    Map<String, Object> map = Json.object();
                    success.ifPresent(v -> map.put("notify_on_success", v));
                    failure.ifPresent(v -> map.put("notify_on_failure", v));
                    emails.ifPresent(v -> map.put("notification_emails", new ArrayList<Object>(v)));
                    hooks.ifPresent(v -> map.put("notification_webhooks", new ArrayList<Object>(v)));
                    return map;
                });
    }

    // === JSON values ============================================================================

    static Arbitrary<Object> jsonScalar() {
        return Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(20).map(Object.class::cast),
                Arbitraries.longs().map(Object.class::cast),
                Arbitraries.integers().map(Object.class::cast),
                Arbitraries.bigDecimals().ofScale(3).map(Object.class::cast),
                Arbitraries.doubles().map(Object.class::cast),
                Arbitraries.of(true, false).map(Object.class::cast)).injectNull(0.1);
    }

    static Arbitrary<Object> jsonValue(int depth) {
        if (depth <= 0) {
            return jsonScalar();
        }
        return Arbitraries.frequencyOf(
                Tuple.of(5, jsonScalar()),
                Tuple.of(1, jsonValue(depth - 1).list().ofMaxSize(4).map(l -> (Object) new ArrayList<>(l))),
                Tuple.of(1, jsonObject(depth - 1).map(Object.class::cast)));
    }

    static Arbitrary<Map<String, Object>> jsonObject(int depth) {
        return Combinators.combine(Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(8), jsonValue(depth))
                .as(Tuple::of).list().ofMaxSize(4).map(RuleDraftArbitraries::toMap);
    }

    private static Arbitrary<Map<String, Object>> stringMap() {
        return Combinators.combine(Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(8),
                        Arbitraries.strings().ofMaxLength(20).map(Object.class::cast))
                .as(Tuple::of).list().ofMaxSize(3).map(RuleDraftArbitraries::toMap);
    }

    private static Map<String, Object> toMap(List<Tuple.Tuple2<String, Object>> entries) {
        Map<String, Object> map = new LinkedHashMap<>();
        entries.forEach(e -> map.put(e.get1(), e.get2()));
        return map;
    }

    // === arbitrary input ========================================================================

    /** Values a client might send for any key: plausible ones, edge cases, and nonsense of every JSON type. */
    static Arbitrary<Object> fuzzValue(int depth) {
        Arbitrary<Object> plausible = Arbitraries.of(
                "", " ", "x", "daily", "custom_cron", "once", "*/5 * * * *", "61 * * * *", "* * *", "0 0 31 2 *",
                "Europe/Berlin", "Mars/Olympus", "+25:00", "2026-01-31T09:00:00Z", "2026-13-01", "https://x.example.com",
                "ftp://x", "http://", "not a url", "a@b.co", "@", "+14155550100", "123", "webhook_call",
                "email_notification", "sms_notification", "database_update", "ticket_creation", "custom_script",
                "workflow_execution", "system_command", "project_update", "regex_match", "in", "exists", "equals",
                "(", "[a-", "(?P<n>x)", "\\", "a{2,1}", "{{x}}", "basic", "bearer", "GET", "POST", "insert",
                "python", "6f1c1d4e-4e0b-4d5a-9c3e-2a1b0c9d8e7f", "6f1c1d4e-4e0b-4d5a-9c3e", "and", "not",
                "x".repeat(300), "y".repeat(2_100), "z".repeat(10_001),
                0, 1, -1, 3, 301, 1_601, Integer.MAX_VALUE, Long.MAX_VALUE, Long.MIN_VALUE, 1.5, 2.0, Double.NaN,
                Double.POSITIVE_INFINITY, new BigDecimal("1E+400"), new BigDecimal("3.000"), new BigDecimal("-0.0"),
                new java.math.BigInteger("123456789012345678901234567890"), true, false);
        Arbitrary<Object> scalar = Arbitraries.frequencyOf(Tuple.of(3, plausible), Tuple.of(2, jsonScalar()));
        if (depth <= 0) {
            return scalar;
        }
        return Arbitraries.frequencyOf(
                Tuple.of(4, scalar),
                Tuple.of(2, fuzzObject(depth - 1).map(Object.class::cast)),
                Tuple.of(2, fuzzValue(depth - 1).list().ofMaxSize(4).map(l -> (Object) new ArrayList<>(l))));
    }

    /** An object whose keys are mostly ones the domain knows, with values of any shape. */
    static Arbitrary<Map<String, Object>> fuzzObject(int depth) {
        Arbitrary<String> key = Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.of(KNOWN_KEYS)),
                Tuple.of(1, Arbitraries.strings().ofMaxLength(6)));
        return Combinators.combine(key, fuzzValue(depth)).as(Tuple::of).list().ofMaxSize(7)
                .map(RuleDraftArbitraries::toMap);
    }

    /** An action-shaped object: a real type and an object config, usually, but nothing guaranteed. */
    static Arbitrary<Object> fuzzAction() {
        return Combinators.combine(Arbitraries.of(ACTION_TYPES).injectNull(0.1), fuzzObject(2), fuzzValue(0),
                        fuzzObject(1))
                .as((type, config, order, extra) -> {
                    Map<String, Object> map = new LinkedHashMap<>(extra);
                    map.put("type", type);
                    map.put("config", config);
                    map.put("order", order);
                    return (Object) map;
                });
    }

    static Arbitrary<RuleDraft> arbitraryDrafts() {
        Arbitrary<Optional<String>> text = Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.strings().ofMaxLength(30)),
                Tuple.of(1, Arbitraries.of("", "   ", "x".repeat(256), "y".repeat(5_001)))).optional();
        Arbitrary<Optional<String>> wire = Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.of("active", "draft", "low", "critical", "and", "or", "not", "manual")),
                Tuple.of(1, Arbitraries.strings().ofMaxLength(10))).optional();
        Arbitrary<Optional<String>> triggerType = Arbitraries.frequencyOf(
                Tuple.of(8, Arbitraries.of(TRIGGER_TYPES)),
                Tuple.of(1, Arbitraries.strings().ofMaxLength(10))).optional(0.95);
        Arbitrary<Optional<List<Object>>> conditions = Arbitraries.frequencyOf(
                        Tuple.of(3, fuzzObject(2).map(Object.class::cast)), Tuple.of(1, fuzzValue(1)))
                .list().ofMaxSize(4).map(l -> (List<Object>) new ArrayList<>(l)).optional();
        Arbitrary<Optional<List<Object>>> actions = Arbitraries.frequencyOf(
                        Tuple.of(4, fuzzAction()), Tuple.of(1, fuzzValue(1)))
                .list().ofMaxSize(4).map(l -> (List<Object>) new ArrayList<>(l)).optional(0.9);
        Arbitrary<Optional<Long>> number = Arbitraries.frequencyOf(
                Tuple.of(2, Arbitraries.longs()), Tuple.of(2, Arbitraries.longs().between(-2, 2_000))).optional();
        Arbitrary<Optional<List<String>>> tags = Arbitraries.strings().ofMaxLength(110).injectNull(0.05)
                .list().ofMaxSize(60).map(l -> (List<String>) new ArrayList<>(l)).optional();
        Arbitrary<Optional<Map<String, Object>>> object = fuzzObject(2).optional();
        Arbitrary<Optional<Boolean>> bool = Arbitraries.of(true, false).optional();

        Arbitrary<Tuple.Tuple6<Optional<String>, Optional<String>, Optional<String>, Optional<String>,
                Optional<String>, Optional<Map<String, Object>>>> head =
                Combinators.combine(text, text, wire, wire, triggerType, object).as(Tuple::of);
        Arbitrary<Tuple.Tuple6<Optional<List<Object>>, Optional<String>, Optional<List<Object>>, Optional<Long>,
                Optional<Long>, Optional<Boolean>>> middle =
                Combinators.combine(conditions, wire, actions, number, number, bool).as(Tuple::of);
        Arbitrary<Tuple.Tuple5<Optional<Boolean>, Optional<String>, Optional<List<String>>,
                Optional<Map<String, Object>>, Optional<Map<String, Object>>>> tail =
                Combinators.combine(bool, text, tags, jsonObject(2).optional(), object).as(Tuple::of);
        return Combinators.combine(head, middle, tail).as((h, m, t) -> new RuleDraft(h.get1(), h.get2(), h.get3(),
                h.get4(), h.get5(), h.get6(), m.get1(), m.get2(), m.get3(), m.get4(), m.get5(), m.get6(), t.get1(),
                t.get2(), t.get3(), t.get4(), t.get5()));
    }

    /**
     * A valid draft with one value somewhere inside its trigger config, conditions, actions or
     * notification settings replaced by anything at all: every parser runs with valid siblings.
     */
    static Arbitrary<RuleDraft> mutatedDrafts() {
        return Combinators.combine(validDrafts(), Arbitraries.integers().between(0, 10_000), Arbitraries.of(KNOWN_KEYS),
                fuzzValue(2)).as(RuleDraftArbitraries::mutate);
    }

    private static RuleDraft mutate(RuleDraft d, int pick, String key, Object value) {
        Map<String, Object> trigger = copyObject(d.triggerConfig().orElseThrow());
        List<Object> actions = copyArray(d.actions().orElseThrow());
        Optional<List<Object>> conditions = d.conditions().map(RuleDraftArbitraries::copyArray);
        Optional<Map<String, Object>> notifications = d.notificationSettings().map(RuleDraftArbitraries::copyObject);
        List<Map<String, Object>> objects = new ArrayList<>();
        collectObjects(trigger, objects);
        collectObjects(actions, objects);
        conditions.ifPresent(c -> collectObjects(c, objects));
        notifications.ifPresent(n -> collectObjects(n, objects));
        objects.get(pick % objects.size()).put(key, value);
        return new RuleDraft(d.name(), d.description(), d.status(), d.priority(), d.triggerType(), Optional.of(trigger),
                conditions, d.conditionLogic(), Optional.of(actions), d.maxConcurrentExecutions(),
                d.executionTimeoutMinutes(), d.retryFailedExecutions(), d.isTemplate(), d.templateCategory(), d.tags(),
                d.metadata(), notifications);
    }

    @SuppressWarnings("unchecked")
    private static void collectObjects(Object node, List<Map<String, Object>> into) {
        if (node instanceof Map<?, ?> map) {
            into.add((Map<String, Object>) map);
            map.values().forEach(v -> collectObjects(v, into));
        } else if (node instanceof List<?> list) {
            list.forEach(v -> collectObjects(v, into));
        }
    }

    @SuppressWarnings("unchecked")
    private static Object copy(Object node) {
        if (node instanceof Map<?, ?> map) {
            return copyObject((Map<String, Object>) map);
        }
        if (node instanceof List<?> list) {
            return copyArray((List<Object>) list);
        }
        return node;
    }

    private static Map<String, Object> copyObject(Map<String, Object> map) {
        Map<String, Object> copy = new LinkedHashMap<>();
        map.forEach((k, v) -> copy.put(k, copy(v)));
        return copy;
    }

    private static List<Object> copyArray(List<Object> list) {
        List<Object> copy = new ArrayList<>();
        list.forEach(v -> copy.add(copy(v)));
        return copy;
    }
}
