package io.ruleworks.application.port;

/**
 * A dependency the service needs (the database, a broker) cannot be reached right now. Adapters
 * translate their connection failures into this; clients get 503 with a retry hint.
 */
public final class DependencyUnavailableException extends RuntimeException {

    private final String dependency;

    public DependencyUnavailableException(String dependency, Throwable cause) {
        super(dependency + " is unavailable", cause);
        this.dependency = dependency;
    }

    public String dependency() {
        return dependency;
    }
}
