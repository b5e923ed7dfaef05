package io.ruleworks.adapter.in.console;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Error;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.ruleworks.adapter.in.console.view.ExecutionView;
import io.ruleworks.application.port.in.execution.ExecuteRuleUseCase;
import io.ruleworks.application.port.in.execution.ExecuteRuleUseCase.ExecuteRuleCommand;
import io.ruleworks.application.port.in.execution.ListExecutionsUseCase;
import io.ruleworks.application.port.in.rule.GetRuleUseCase;
import io.ruleworks.application.port.in.rule.ListRulesUseCase;
import io.ruleworks.application.port.in.rule.RuleDetails;
import io.ruleworks.application.port.in.rule.UpdateRuleUseCase;
import io.ruleworks.application.port.in.rule.UpdateRuleUseCase.UpdateRuleCommand;
import io.ruleworks.domain.access.Permission;
import io.ruleworks.domain.execution.ExecutionFilter;
import io.ruleworks.domain.execution.ExecutionState;
import io.ruleworks.domain.rule.Priority;
import io.ruleworks.domain.rule.RuleDraft;
import io.ruleworks.domain.rule.RuleFilter;
import io.ruleworks.domain.rule.RuleId;
import io.ruleworks.domain.rule.RuleSortField;
import io.ruleworks.domain.rule.RuleStatus;
import io.ruleworks.domain.rule.TriggerType;
import io.ruleworks.domain.shared.PageRequest;
import io.ruleworks.domain.shared.SortOrder;
import io.ruleworks.domain.shared.ValidationException;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** The rules list, a rule's page, activate/deactivate, execute and dry run. */
@Controller("/console/rules")
@ExecuteOn(TaskExecutors.BLOCKING)
public class RuleConsoleController {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String DEFAULT_DATA = "{\n  \n}";

    private final ListRulesUseCase listRules;
    private final GetRuleUseCase getRule;
    private final UpdateRuleUseCase updateRule;
    private final ExecuteRuleUseCase executeRule;
    private final ListExecutionsUseCase listExecutions;
    private final ConsolePages pages;
    private final ConsoleSupport support;

    public RuleConsoleController(ListRulesUseCase listRules, GetRuleUseCase getRule, UpdateRuleUseCase updateRule,
                                 ExecuteRuleUseCase executeRule, ListExecutionsUseCase listExecutions,
                                 ConsolePages pages, ConsoleSupport support) {
        this.listRules = listRules;
        this.getRule = getRule;
        this.updateRule = updateRule;
        this.executeRule = executeRule;
        this.listExecutions = listExecutions;
        this.pages = pages;
        this.support = support;
    }

    @Get(produces = MediaType.TEXT_HTML)
    public HttpResponse<String> list(HttpRequest<?> request) {
        ConsoleSession session = support.session(request);
        Query q = new Query(request.getParameters());
        Optional<String> search = q.text("search");
        Optional<RuleStatus> status = q.oneOf("status", RuleStatus.class);
        Optional<TriggerType> trigger = q.oneOf("trigger_type", TriggerType.class);
        Optional<Priority> priority = q.oneOf("priority", Priority.class);
        RuleSortField sort = q.oneOf("sort", RuleSortField.class).orElse(RuleSortField.CREATED_AT);
        SortOrder order = q.oneOf("order", SortOrder.class).orElse(SortOrder.DESC);
        PageRequest page = q.page();
        q.validate();
        RuleFilter none = RuleFilter.none();
        RuleFilter filter = new RuleFilter(search, none.createdFrom(), none.createdTo(), none.updatedFrom(),
                none.updatedTo(), none.isActive(), none.name(), status, trigger, priority, none.templateCategory(),
                none.createdBy(), none.lastExecutedFrom(), none.lastExecutedTo(), none.executionCountMin(),
                none.executionCountMax(), sort, order);
        var rules = listRules.list(session.caller(), filter, page);
        return pages.page("rules", support.params("frame", support.frame(session, "Rules", "rules"), "rules", rules,
                "search", search.orElse(""), "status", status.map(RuleStatus::wire).orElse(""),
                "triggerType", trigger.map(TriggerType::wire).orElse(""),
                "priority", priority.map(Priority::wire).orElse(""), "sort", sort.wire(), "order", order.wire()));
    }

    @Get(uri = "/{id}", produces = MediaType.TEXT_HTML)
    public HttpResponse<String> show(HttpRequest<?> request, @PathVariable String id) {
        ConsoleSession session = support.session(request);
        return rulePage(session, ruleId(id), HttpStatus.OK, Optional.empty(), DEFAULT_DATA, "");
    }

    @Post(uri = "/{id}/status", consumes = MediaType.APPLICATION_FORM_URLENCODED)
    public HttpResponse<?> status(HttpRequest<?> request, @PathVariable String id, @Nullable @Body String body) {
        Form form = Form.parse(body);
        ConsoleSession session = support.guard(request, form, Permission.UPDATE);
        RuleId ruleId = ruleId(id);
        String status = form.get("status").filter(s -> s.equals("active") || s.equals("inactive"))
                .orElseThrow(() -> ValidationException.of("status", "must be active or inactive"));
        RuleDraft empty = RuleDraft.empty();
        RuleDraft patch = new RuleDraft(empty.name(), empty.description(), Optional.of(status), empty.priority(),
                empty.triggerType(), empty.triggerConfig(), empty.conditions(), empty.conditionLogic(),
                empty.actions(), empty.maxConcurrentExecutions(), empty.executionTimeoutMinutes(),
                empty.retryFailedExecutions(), empty.isTemplate(), empty.templateCategory(), empty.tags(),
                empty.metadata(), empty.notificationSettings());
        updateRule.update(new UpdateRuleCommand(session.caller(), ruleId, patch));
        return HttpResponse.seeOther(URI.create("/console/rules/" + ruleId));
    }

    @Post(uri = "/{id}/execute", consumes = MediaType.APPLICATION_FORM_URLENCODED, produces = MediaType.TEXT_HTML)
    public HttpResponse<?> execute(HttpRequest<?> request, @PathVariable String id, @Nullable @Body String body) {
        Form form = Form.parse(body);
        ConsoleSession session = support.guard(request, form, Permission.EXECUTE);
        RuleId ruleId = ruleId(id);
        String data = form.get("execution_data").orElse("");
        boolean dryRun = form.get("mode").map("dry_run"::equals).orElse(false);
        boolean override = form.get("override_conditions").isPresent();
        Map<String, Object> executionData;
        try {
            executionData = data.isBlank() ? Map.of() : JSON.readValue(data, Map.class);
        } catch (JsonProcessingException | ClassCastException e) {
            return rulePage(session, ruleId, HttpStatus.BAD_REQUEST, Optional.empty(), data,
                    "execution_data: must be a JSON object, such as {\"ticket\": {\"priority\": \"P1\"}}");
        }
        try {
            ExecutionState state = executeRule.execute(new ExecuteRuleCommand(session.caller(), ruleId,
                    executionData == null ? Map.of() : executionData, override, dryRun, Optional.empty(),
                    fingerprint(ruleId + " " + data + " " + dryRun + " " + override)));
            if (dryRun) {
                return rulePage(session, ruleId, HttpStatus.OK, Optional.of(state), data, "");
            }
            return HttpResponse.seeOther(URI.create("/console/executions/" + state.id()));
        } catch (ValidationException e) {
            return rulePage(session, ruleId, HttpStatus.BAD_REQUEST, Optional.empty(), data,
                    ConsoleSupport.describe(e));
        }
    }

    @Error
    public MutableHttpResponse<String> failed(HttpRequest<?> request, Throwable e) {
        return support.error(request, e);
    }

    private MutableHttpResponse<String> rulePage(ConsoleSession session, RuleId id, HttpStatus status,
                                                 Optional<ExecutionState> dryRun, String data, String message) {
        RuleDetails rule = getRule.get(session.caller(), id);
        ExecutionFilter none = ExecutionFilter.none();
        ExecutionFilter ofRule = new ExecutionFilter(Optional.of(id), none.status(), none.startedFrom(),
                none.startedTo(), none.durationMinMs(), none.durationMaxMs(), none.hasErrors(), none.triggerType(),
                none.search(), none.createdFrom(), none.createdTo(), none.updatedFrom(), none.updatedTo(),
                none.inFlight(), none.sort(), none.order());
        var recent = listExecutions.list(session.caller(), ofRule, new PageRequest(1, 10), ConsoleSupport.COUNT_CAP);
        Optional<ExecutionView> trace = dryRun.map(s -> ExecutionView.of(s, Optional.of(rule.definition())));
        return pages.page(status, "rule", support.params("frame",
                support.frame(session, rule.definition().name(), "rules"), "rule", rule, "recent", recent,
                "dryRun", trace, "data", data, "message", message,
                "canExecute", session.may(Permission.EXECUTE), "canUpdate", session.may(Permission.UPDATE)));
    }

    static RuleId ruleId(String id) {
        try {
            return new RuleId(UUID.fromString(id));
        } catch (IllegalArgumentException e) {
            throw ValidationException.of("id", "must be a UUID");
        }
    }

    /** A digest that tells this request apart (the use case keeps it with the execution). */
    static String fingerprint(String request) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(("console " + request).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
