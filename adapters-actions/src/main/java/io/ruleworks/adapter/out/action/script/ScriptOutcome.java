package io.ruleworks.adapter.out.action.script;

/**
 * What one script run gave: {@code code} {@value #OK} with the result as JSON text in
 * {@code payload}, or a failure code ({@code SCRIPT_ERROR}, {@code SCRIPT_TIMEOUT}, ...) with a
 * message for the execution's log.
 */
record ScriptOutcome(String code, String payload) {

    static final String OK = "OK";

    static ScriptOutcome ok(String json) {
        return new ScriptOutcome(OK, json);
    }

    static ScriptOutcome failed(String code, String message) {
        return new ScriptOutcome(code, message);
    }

    boolean succeeded() {
        return OK.equals(code);
    }
}
