package io.ruleworks.adapter.out.action.script;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.FileOutputStream;
import java.io.FileDescriptor;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;

/**
 * The child JVM that runs scripts, one at a time, for {@link ScriptProcessPool}: reads requests
 * from stdin, answers on stdout, and exits when stdin closes. Started with a small {@code -Xmx}
 * and {@code -XX:+ExitOnOutOfMemoryError}, so a script that exhausts memory ends this process,
 * never the service. It answers {@value #READY} once its engine is warm. Arguments: statement
 * limit, maximum result bytes.
 */
public final class ScriptHost {

    static final String READY = "ready";

    private ScriptHost() {
    }

    public static void main(String[] args) throws IOException {
        DataOutputStream out = new DataOutputStream(new BufferedOutputStream(new FileOutputStream(FileDescriptor.out)));
        // Nothing but the protocol may reach stdout.
        System.setOut(new PrintStream(new FileOutputStream(FileDescriptor.err), true));
        DataInputStream in = new DataInputStream(new BufferedInputStream(System.in));
        try (JavaScriptSandbox sandbox = new JavaScriptSandbox(Long.parseLong(args[0]), Integer.parseInt(args[1]))) {
            // Warm the engine, then tell the parent this process is ready for scripts.
            ScriptWire.write(out, sandbox.run("return 1;", "{}", "{}", Duration.ofSeconds(30)).succeeded()
                    ? ScriptOutcome.ok(READY) : ScriptOutcome.failed(JavaScriptSandbox.SCRIPT_INTERNAL_ERROR, "warm-up failed"));
            while (true) {
                ScriptWire.Request request;
                try {
                    request = ScriptWire.readRequest(in);
                } catch (EOFException parentGone) {
                    return;
                }
                ScriptWire.write(out, sandbox.run(request.script(), request.contextJson(), request.envJson(),
                        Duration.ofMillis(request.timeoutMillis())));
            }
        }
    }
}
