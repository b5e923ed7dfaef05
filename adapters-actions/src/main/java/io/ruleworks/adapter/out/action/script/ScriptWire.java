package io.ruleworks.adapter.out.action.script;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The pipe protocol between {@link ScriptProcessPool} and {@link ScriptHost}: length-prefixed UTF-8
 * strings. A request is {@code timeoutMillis, script, contextJson, envJson}; a response is
 * {@code code, payload} (see {@link ScriptOutcome}).
 */
final class ScriptWire {

    /** Larger than any script, context or result the service accepts. */
    static final int MAX_FIELD_BYTES = 64 * 1024 * 1024;

    private ScriptWire() {
    }

    record Request(long timeoutMillis, String script, String contextJson, String envJson) {
    }

    static void write(DataOutputStream out, Request request) throws IOException {
        out.writeLong(request.timeoutMillis());
        writeString(out, request.script());
        writeString(out, request.contextJson());
        writeString(out, request.envJson());
        out.flush();
    }

    static Request readRequest(DataInputStream in) throws IOException {
        return new Request(in.readLong(), readString(in), readString(in), readString(in));
    }

    static void write(DataOutputStream out, ScriptOutcome outcome) throws IOException {
        writeString(out, outcome.code());
        writeString(out, outcome.payload());
        out.flush();
    }

    static ScriptOutcome readOutcome(DataInputStream in) throws IOException {
        return new ScriptOutcome(readString(in), readString(in));
    }

    private static void writeString(DataOutputStream out, String value) throws IOException {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    private static String readString(DataInputStream in) throws IOException {
        int length = in.readInt();
        if (length < 0 || length > MAX_FIELD_BYTES) {
            throw new IOException("Bad field length " + length);
        }
        return new String(in.readNBytes(length), StandardCharsets.UTF_8);
    }
}
