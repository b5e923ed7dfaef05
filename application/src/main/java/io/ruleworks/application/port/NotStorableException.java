package io.ruleworks.application.port;

/**
 * The database refused a value as such (PostgreSQL SQLState classes 22, data exception, and 54,
 * program limit exceeded): saving the same state again will fail the same way. Adapters throw it
 * only for such refusals; every other failure of a save may pass on a later try.
 */
public final class NotStorableException extends RuntimeException {

    public NotStorableException(String message, Throwable cause) {
        super(message, cause);
    }
}
