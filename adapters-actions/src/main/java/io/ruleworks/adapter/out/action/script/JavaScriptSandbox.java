package io.ruleworks.adapter.out.action.script;

import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.Engine;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.ResourceLimits;
import org.graalvm.polyglot.SandboxPolicy;
import org.graalvm.polyglot.Source;
import org.graalvm.polyglot.Value;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs untrusted JavaScript with GraalJS (community edition) under {@link SandboxPolicy#CONSTRAINED}:
 * no host classes or objects, no file system, no sockets, no threads, no processes, no native
 * access, no environment, no other languages. One {@link Engine} is shared by all runs (parsed
 * built-ins and caches are reused); each run gets a fresh {@link Context}, so nothing leaks from
 * one script to the next.
 *
 * <p>A script is the body of a function {@code function (context, env)}: {@code context} is a deep
 * frozen copy of the execution's template context, {@code env} the frozen
 * {@code environment_variables}; its {@code return} value, as JSON, is the result. Runs are bounded
 * by a statement count and a wall-clock timeout (a watchdog cancels the context). The community
 * edition cannot bound the heap of one context, so memory is bounded by the process this class
 * runs in: {@link ScriptHost} in a child JVM with a small {@code -Xmx} (see ADR 0005).
 */
final class JavaScriptSandbox implements AutoCloseable {

    static final String SCRIPT_ERROR = "SCRIPT_ERROR";
    static final String SCRIPT_SYNTAX_ERROR = "SCRIPT_SYNTAX_ERROR";
    static final String SCRIPT_TIMEOUT = "SCRIPT_TIMEOUT";
    static final String SCRIPT_STATEMENT_LIMIT = "SCRIPT_STATEMENT_LIMIT";
    static final String SCRIPT_RESULT_TOO_LARGE = "SCRIPT_RESULT_TOO_LARGE";
    static final String SCRIPT_INTERNAL_ERROR = "SCRIPT_INTERNAL_ERROR";

    static final int MAX_STACK_FRAMES = 10;
    static final int MAX_MESSAGE = 2_000;

    /** Freezes the parsed context deeply so a script cannot change what it was given. */
    private static final String PRELUDE = """
            (function () {
              const freeze = (o) => {
                if (o !== null && typeof o === 'object' && !Object.isFrozen(o)) {
                  Object.freeze(o);
                  for (const k of Object.keys(o)) freeze(o[k]);
                }
                return o;
              };
              return {
                parse: (text) => freeze(JSON.parse(text)),
                stringify: (value) => {
                  const text = JSON.stringify(value === undefined ? null : value);
                  return text === undefined ? 'null' : text;
                }
              };
            })()
            """;

    private final Engine engine;
    private final ResourceLimits limits;
    private final int maxResultBytes;
    private final ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "script-watchdog");
        t.setDaemon(true);
        return t;
    });

    JavaScriptSandbox(long statementLimit, int maxResultBytes) {
        this.engine = Engine.newBuilder("js")
                .sandbox(SandboxPolicy.CONSTRAINED)
                .out(OutputStream.nullOutputStream())
                .err(OutputStream.nullOutputStream())
                // Temurin has no Graal JIT: Truffle runs interpreter-only, which is expected here.
                .option("engine.WarnInterpreterOnly", "false")
                // Remove the shell built-ins: load/loadWithNewGlobal, print/printErr, console, Graal.
                .option("js.load", "false")
                .option("js.print", "false")
                .option("js.console", "false")
                .option("js.graal-builtin", "false")
                .build();
        this.limits = ResourceLimits.newBuilder().statementLimit(statementLimit, null).build();
        this.maxResultBytes = maxResultBytes;
    }

    ScriptOutcome run(String script, String contextJson, String envJson, Duration timeout) {
        AtomicBoolean timedOut = new AtomicBoolean();
        Context context = Context.newBuilder("js")
                .engine(engine)
                .sandbox(SandboxPolicy.CONSTRAINED)
                .out(OutputStream.nullOutputStream())
                .err(OutputStream.nullOutputStream())
                .resourceLimits(limits)
                .build();
        ScheduledFuture<?> alarm = watchdog.schedule(() -> {
            timedOut.set(true);
            context.close(true);
        }, timeout.toMillis(), TimeUnit.MILLISECONDS);
        try {
            Value json = context.eval(Source.create("js", PRELUDE));
            // The prefix sits on the script's first line, so reported line numbers are the script's own.
            Value function = context.eval(Source.newBuilder("js",
                    "(function (context, env) {" + script + "\n})", "script.js").buildLiteral());
            Value result = function.execute(json.getMember("parse").execute(contextJson),
                    json.getMember("parse").execute(envJson));
            String text = json.getMember("stringify").execute(result).asString();
            if (text.getBytes(StandardCharsets.UTF_8).length > maxResultBytes) {
                return ScriptOutcome.failed(SCRIPT_RESULT_TOO_LARGE, "The script's result is larger than "
                        + maxResultBytes + " bytes as JSON");
            }
            return ScriptOutcome.ok(text);
        } catch (PolyglotException e) {
            return failure(e, timedOut.get(), timeout);
        } catch (IllegalStateException e) {
            // The watchdog closed the context between two calls into it.
            if (timedOut.get()) {
                return timeout(timeout);
            }
            return ScriptOutcome.failed(SCRIPT_INTERNAL_ERROR, bounded(String.valueOf(e.getMessage())));
        } finally {
            alarm.cancel(false);
            try {
                context.close(true);
            } catch (IllegalStateException | PolyglotException alreadyClosing) {
                // closed by the watchdog
            }
        }
    }

    private static ScriptOutcome failure(PolyglotException e, boolean timedOut, Duration timeout) {
        if (timedOut && e.isCancelled()) {
            return timeout(timeout);
        }
        if (e.isResourceExhausted() && e.isCancelled()) {
            return ScriptOutcome.failed(SCRIPT_STATEMENT_LIMIT, "The script ran more statements than allowed ("
                    + bounded(e.getMessage()) + ")");
        }
        if (e.isSyntaxError()) {
            String where = e.getSourceLocation() == null ? "" : " (line " + e.getSourceLocation().getStartLine() + ")";
            return ScriptOutcome.failed(SCRIPT_SYNTAX_ERROR, bounded(e.getMessage()) + where);
        }
        if (e.isGuestException()) {
            return ScriptOutcome.failed(SCRIPT_ERROR, bounded(e.getMessage()) + stack(e));
        }
        if (e.isResourceExhausted()) {
            return ScriptOutcome.failed(SCRIPT_ERROR, "The script exhausted a resource: " + bounded(e.getMessage()));
        }
        return ScriptOutcome.failed(SCRIPT_INTERNAL_ERROR, bounded(String.valueOf(e.getMessage())));
    }

    private static ScriptOutcome timeout(Duration timeout) {
        return ScriptOutcome.failed(SCRIPT_TIMEOUT, "The script did not finish within " + timeout.toMillis() + " ms");
    }

    /** The script's own frames only (never host frames), at most {@value #MAX_STACK_FRAMES}. */
    private static String stack(PolyglotException e) {
        StringBuilder text = new StringBuilder();
        int frames = 0;
        for (PolyglotException.StackFrame frame : e.getPolyglotStackTrace()) {
            if (!frame.isGuestFrame() || frame.getSourceLocation() == null
                    || !"script.js".equals(frame.getSourceLocation().getSource().getName())) {
                continue;
            }
            if (frames++ == MAX_STACK_FRAMES) {
                text.append("\n    ...");
                break;
            }
            String name = frame.getRootName() == null || frame.getRootName().isEmpty() ? "<script>" : frame.getRootName();
            text.append("\n    at ").append(name).append(" (line ").append(frame.getSourceLocation().getStartLine())
                    .append(')');
        }
        return text.toString();
    }

    private static String bounded(String message) {
        return message.length() > MAX_MESSAGE ? message.substring(0, MAX_MESSAGE) + "…" : message;
    }

    @Override
    public void close() {
        watchdog.shutdownNow();
        engine.close(true);
    }
}
