package io.ruleworks.adapter.in.console;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
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
import io.ruleworks.application.port.in.execution.CancelExecutionUseCase;
import io.ruleworks.application.port.in.execution.GetExecutionUseCase;
import io.ruleworks.application.port.in.execution.ListChildExecutionsUseCase;
import io.ruleworks.application.port.in.execution.ListExecutionsUseCase;
import io.ruleworks.application.port.in.rule.GetRuleUseCase;
import io.ruleworks.application.port.in.rule.ListRulesUseCase;
import io.ruleworks.domain.access.Permission;
import io.ruleworks.domain.execution.ExecutionFilter;
import io.ruleworks.domain.execution.ExecutionId;
import io.ruleworks.domain.execution.ExecutionState;
import io.ruleworks.domain.execution.ExecutionStatus;
import io.ruleworks.domain.execution.RetryFrom;
import io.ruleworks.domain.rule.RuleDefinition;
import io.ruleworks.domain.rule.RuleId;
import io.ruleworks.domain.shared.NotFoundException;
import io.ruleworks.domain.shared.Page;
import io.ruleworks.domain.shared.PageRequest;
import io.ruleworks.domain.shared.ValidationException;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The executions list (in-flight rows refresh themselves with htmx polling), an execution's
 * timeline (live while it runs), retry and cancel.
 */
@Controller("/console/executions")
@ExecuteOn(TaskExecutors.BLOCKING)
public class ExecutionConsoleController {

    static final int CHILDREN_SHOWN = 20;

    private final ListExecutionsUseCase listExecutions;
    private final GetExecutionUseCase getExecution;
    private final GetRuleUseCase getRule;
    private final ListRulesUseCase listRules;
    private final io.ruleworks.application.port.in.execution.RetryExecutionUseCase retryExecution;
    private final CancelExecutionUseCase cancelExecution;
    private final ListChildExecutionsUseCase listChildren;
    private final ConsolePages pages;
    private final ConsoleSupport support;

    public ExecutionConsoleController(ListExecutionsUseCase listExecutions, GetExecutionUseCase getExecution,
                                      GetRuleUseCase getRule, ListRulesUseCase listRules,
                                      io.ruleworks.application.port.in.execution.RetryExecutionUseCase retryExecution,
                                      CancelExecutionUseCase cancelExecution,
                                      ListChildExecutionsUseCase listChildren, ConsolePages pages,
                                      ConsoleSupport support) {
        this.listExecutions = listExecutions;
        this.getExecution = getExecution;
        this.getRule = getRule;
        this.listRules = listRules;
        this.retryExecution = retryExecution;
        this.cancelExecution = cancelExecution;
        this.listChildren = listChildren;
        this.pages = pages;
        this.support = support;
    }

    @Get(produces = MediaType.TEXT_HTML)
    public HttpResponse<String> list(HttpRequest<?> request) {
        return pages.page("executions", listParams(request, false));
    }

    /** The list's table alone, for htmx to swap in while some of its rows are in flight. */
    @Get(uri = "/table", produces = MediaType.TEXT_HTML)
    public HttpResponse<String> table(HttpRequest<?> request) {
        return pages.page("executions_table", listParams(request, true));
    }

    @Get(uri = "/{id}", produces = MediaType.TEXT_HTML)
    public HttpResponse<String> show(HttpRequest<?> request, @PathVariable String id) {
        return pages.page("execution", executionParams(request, id));
    }

    /** The timeline alone, polled by htmx while the execution is pending or running. */
    @Get(uri = "/{id}/timeline", produces = MediaType.TEXT_HTML)
    public HttpResponse<String> timeline(HttpRequest<?> request, @PathVariable String id) {
        return pages.page("execution_timeline", executionParams(request, id));
    }

    @Post(uri = "/{id}/retry", consumes = MediaType.APPLICATION_FORM_URLENCODED)
    public HttpResponse<?> retry(HttpRequest<?> request, @PathVariable String id, @Nullable @Body String body) {
        Form form = Form.parse(body);
        ConsoleSession session = support.guard(request, form, Permission.EXECUTE);
        ExecutionId executionId = executionId(id);
        RetryFrom from = switch (form.get("from").orElse("start")) {
            case "start" -> RetryFrom.START;
            case "failed_action" -> RetryFrom.FAILED_ACTION;
            default -> throw ValidationException.of("from", "must be start or failed_action");
        };
        retryExecution.retry(session.caller(), executionId, from, Optional.empty());
        return HttpResponse.seeOther(URI.create("/console/executions/" + executionId));
    }

    @Post(uri = "/{id}/cancel", consumes = MediaType.APPLICATION_FORM_URLENCODED)
    public HttpResponse<?> cancel(HttpRequest<?> request, @PathVariable String id, @Nullable @Body String body) {
        ConsoleSession session = support.guard(request, Form.parse(body), Permission.EXECUTE);
        ExecutionId executionId = executionId(id);
        cancelExecution.cancel(session.caller(), executionId);
        return HttpResponse.seeOther(URI.create("/console/executions/" + executionId));
    }

    @Error
    public MutableHttpResponse<String> failed(HttpRequest<?> request, Throwable e) {
        return support.error(request, e);
    }

    private Map<String, Object> listParams(HttpRequest<?> request, boolean tableOnly) {
        ConsoleSession session = support.session(request);
        Query q = new Query(request.getParameters());
        Optional<ExecutionStatus> status = q.oneOf("status", ExecutionStatus.class);
        Optional<UUID> rule = q.uuid("rule");
        Optional<Instant> from = q.day("from", 0);
        Optional<Instant> to = q.day("to", 1);
        PageRequest page = q.page();
        q.validate();
        ExecutionFilter none = ExecutionFilter.none();
        ExecutionFilter filter = new ExecutionFilter(rule.map(RuleId::new), status, none.startedFrom(),
                none.startedTo(), none.durationMinMs(), none.durationMaxMs(), none.hasErrors(), none.triggerType(),
                none.search(), from, to.map(t -> t.minusNanos(1)), none.updatedFrom(), none.updatedTo(),
                none.inFlight(), none.sort(), none.order());
        Page<ExecutionState> executions = listExecutions.list(session.caller(), filter, page, ConsoleSupport.COUNT_CAP);
        boolean live = executions.items().stream().anyMatch(e -> e.status().isInFlight());
        String query = request.getUri().getRawQuery();
        return support.params("frame", support.frame(session, "Executions", "executions"),
                "executions", executions, "names", RuleNames.of(listRules, session.caller()),
                "status", status.map(ExecutionStatus::wire).orElse(""), "rule", rule.map(UUID::toString).orElse(""),
                "from", q.text("from").orElse(""), "to", q.text("to").orElse(""), "live", live,
                "tableUrl", "/console/executions/table" + (query == null ? "" : "?" + query));
    }

    private Map<String, Object> executionParams(HttpRequest<?> request, String id) {
        ConsoleSession session = support.session(request);
        ExecutionState state = getExecution.get(session.caller(), executionId(id));
        Optional<RuleDefinition> rule;
        try {
            rule = Optional.of(getRule.get(session.caller(), state.ruleId()).definition());
        } catch (NotFoundException deleted) {
            rule = Optional.empty();
        }
        ExecutionView view = ExecutionView.of(state, rule);
        List<ExecutionState> children = listChildren.children(session.caller(), state.id(), CHILDREN_SHOWN);
        return support.params("frame", support.frame(session, "Execution " + state.id().toString().substring(0, 8),
                "executions"), "view", view, "children", children, "canExecute", session.may(Permission.EXECUTE));
    }

    static ExecutionId executionId(String id) {
        try {
            return new ExecutionId(UUID.fromString(id));
        } catch (IllegalArgumentException e) {
            throw ValidationException.of("id", "must be a UUID");
        }
    }
}
