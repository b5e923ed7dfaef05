package io.ruleworks.application.port.out.action;

/** An action did not succeed. {@code retryable} says whether another attempt may help (5xx, timeout). */
public class ActionFailedException extends RuntimeException {

    private final String code;
    private final boolean retryable;

    public ActionFailedException(String code, String message, boolean retryable) {
        super(message);
        this.code = code;
        this.retryable = retryable;
    }

    public ActionFailedException(String code, String message, boolean retryable, Throwable cause) {
        super(message, cause);
        this.code = code;
        this.retryable = retryable;
    }

    public String code() {
        return code;
    }

    public boolean retryable() {
        return retryable;
    }
}
