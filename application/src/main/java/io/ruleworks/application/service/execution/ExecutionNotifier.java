package io.ruleworks.application.service.execution;

import io.ruleworks.application.port.out.action.ActionFailedException;
import io.ruleworks.application.port.out.action.ActionRunner;
import io.ruleworks.domain.execution.AutomationExecution;
import io.ruleworks.domain.execution.ExecutionLogEntry;
import io.ruleworks.domain.execution.ExecutionState;
import io.ruleworks.domain.execution.ExecutionStatus;
import io.ruleworks.domain.execution.LogLevel;
import io.ruleworks.domain.execution.Redactor;
import io.ruleworks.domain.rule.ActionConfig;
import io.ruleworks.domain.rule.ActionType;
import io.ruleworks.domain.rule.AutomationRule;
import io.ruleworks.domain.rule.NotificationSettings;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A rule's notification_settings: when an execution ends completed (notify_on_success) or failed /
 * timed out (notify_on_failure), its summary goes to every notification_emails address (one
 * email_notification) and to every notification_webhooks URL (a webhook_call each, so signed and
 * address-checked like any webhook). The sends run in parallel through the same action runners,
 * bounded together by {@code timeout}; each outcome is returned as a log entry for the caller to
 * append. They are sent only about a final state that is already saved, and a failed notification
 * never changes the execution's status.
 */
public final class ExecutionNotifier {

    /** The index notification invocations carry: they are no action of the rule. */
    public static final int NOTIFICATION_INDEX = -1;

    private final ActionRunners runners;
    private final Duration timeout;
    private final Clock clock;
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();

    public ExecutionNotifier(ActionRunners runners, Duration timeout, Clock clock) {
        this.runners = runners;
        this.timeout = timeout;
        this.clock = clock;
    }

    private record Send(String target, ActionType type, Map<String, Object> config) {
    }

    /** Whether the rule asks to be told that the execution ended as it did. */
    public static boolean wanted(AutomationRule rule, AutomationExecution execution) {
        NotificationSettings settings = rule.definition().notificationSettings();
        ExecutionStatus status = execution.status();
        return status == ExecutionStatus.COMPLETED ? settings.notifyOnSuccess()
                : status.isRetryable() && settings.notifyOnFailure();
    }

    /** Sends what the rule asks for about this finished (and saved) execution; one log entry per send. */
    public List<ExecutionLogEntry> notify(AutomationRule rule, AutomationExecution execution, Redactor redactor)
            throws InterruptedException {
        if (!wanted(rule, execution)) {
            return List.of();
        }
        NotificationSettings settings = rule.definition().notificationSettings();
        ExecutionStatus status = execution.status();
        Map<String, Object> summary = summary(rule, execution.state(), redactor);
        List<Send> sends = new ArrayList<>();
        if (!settings.notificationEmails().isEmpty()) {
            sends.add(new Send(String.join(", ", settings.notificationEmails()), ActionType.EMAIL_NOTIFICATION,
                    Map.of("to", settings.notificationEmails(), "subject", subject(rule, status),
                            "body", body(summary), "is_html", false)));
        }
        settings.notificationWebhooks().forEach(url -> sends.add(new Send(url, ActionType.WEBHOOK_CALL,
                Map.of("url", url, "method", "POST", "body", Map.of("event", "automation.execution.notification",
                        "execution", summary)))));
        List<Future<Map<String, Object>>> futures = new ArrayList<>();
        for (int i = 0; i < sends.size(); i++) {
            futures.add(threads.submit(invoke(execution, sends.get(i), i)));
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        List<ExecutionLogEntry> outcomes = new ArrayList<>();
        for (int i = 0; i < sends.size(); i++) {
            Send send = sends.get(i);
            String outcome = outcome(futures.get(i), deadline);
            outcomes.add(new ExecutionLogEntry(clock.instant(), outcome == null ? LogLevel.INFO : LogLevel.WARN,
                    outcome == null
                            ? "Notification (" + send.type().wire() + ") sent to " + send.target()
                            : "Notification (" + send.type().wire() + ") to " + send.target() + " failed: "
                            + redactor.redact(outcome),
                    Optional.empty(), Map.of("notification", send.type().wire())));
        }
        return outcomes;
    }

    private Callable<Map<String, Object>> invoke(AutomationExecution execution, Send send, int channel) {
        ActionRunner runner = runners.has(send.type()) ? runners.get(send.type()) : null;
        ActionRunner.Invocation invocation = new ActionRunner.Invocation(execution.tenant(), execution.ruleId(),
                execution.id(), NOTIFICATION_INDEX, 0, 1, send.config(), timeout,
                execution.id() + ":" + execution.retryCount() + ":notification:" + channel, Map.of(),
                ActionConfig.parse(send.type(), send.config()));
        return () -> {
            if (runner == null) {
                throw ActionRunners.unavailable("no runner for " + send.type().wire() + " in this deployment");
            }
            return runner.run(invocation);
        };
    }

    /** Null when the send succeeded, else why not. */
    private static String outcome(Future<Map<String, Object>> future, long deadline) throws InterruptedException {
        try {
            future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            return null;
        } catch (TimeoutException e) {
            future.cancel(true);
            return "no answer within the notification timeout";
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            return cause instanceof ActionFailedException f ? f.code() + ": " + f.getMessage()
                    : cause.getClass().getSimpleName() + ": " + cause.getMessage();
        }
    }

    /** The rule's name may hold line breaks, which a mail subject may not: each control character becomes a space. */
    static String subject(AutomationRule rule, ExecutionStatus status) {
        return "[Ruleworks] " + rule.definition().name().replaceAll("\\p{Cntrl}", " ") + ": execution "
                + status.wire();
    }

    static Map<String, Object> summary(AutomationRule rule, ExecutionState state, Redactor redactor) {
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("execution_id", state.id().toString());
        summary.put("automation_rule_id", rule.id().toString());
        summary.put("rule_name", rule.definition().name());
        summary.put("status", state.status().wire());
        summary.put("started_at", state.startedAt().map(Object::toString).orElse(null));
        summary.put("completed_at", state.completedAt().map(Object::toString).orElse(null));
        summary.put("duration_ms", state.durationMs().orElse(null));
        summary.put("actions_total", state.actionsTotal());
        summary.put("actions_successful", state.actionsSuccessful());
        summary.put("actions_failed", state.actionsFailed());
        summary.put("failed_action_index", state.failedActionIndex().orElse(null));
        summary.put("error_message", state.errorMessage().map(redactor::redact).orElse(null));
        return summary;
    }

    private static String body(Map<String, Object> summary) {
        StringBuilder text = new StringBuilder();
        summary.forEach((key, value) -> {
            if (value != null) {
                text.append(key).append(": ").append(value).append('\n');
            }
        });
        return text.toString();
    }
}
