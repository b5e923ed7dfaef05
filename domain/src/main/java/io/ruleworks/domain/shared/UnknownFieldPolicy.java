package io.ruleworks.domain.shared;

/**
 * What a check does with a field its input does not declare: {@link #REFUSE} makes it a violation;
 * another policy may tolerate it (the field is then ignored), for example to warn the client
 * instead (the HTTP adapter's field validation modes).
 */
@FunctionalInterface
public interface UnknownFieldPolicy {

    /** Every unknown field is a violation. */
    UnknownFieldPolicy REFUSE = field -> false;

    /** Whether the unknown field at {@code path} is tolerated (ignored) rather than refused. */
    boolean tolerates(String path);
}
