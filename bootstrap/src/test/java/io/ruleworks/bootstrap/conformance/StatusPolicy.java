package io.ruleworks.bootstrap.conformance;

import io.ruleworks.bootstrap.conformance.ContractOperations.Operation;
import io.ruleworks.bootstrap.http.support.ContractSchemas;
import io.ruleworks.bootstrap.http.support.Reply;

import java.util.List;
import java.util.function.Predicate;

/**
 * Which status codes an operation may answer: those the contract lists for it, plus the documented
 * extensions below, each with the section of docs/api.md that promises it. Anything else fails.
 */
final class StatusPolicy {

    /** A status the contract does not list, allowed where {@code applies}, because {@code documentedIn} says so. */
    record Extension(int status, Predicate<Operation> applies, String documentedIn) {
    }

    private static final Predicate<Operation> ANY = op -> true;
    private static final Predicate<Operation> WITH_BODY = op -> op.requestSchema().isPresent();

    static final List<Extension> EXTENSIONS = List.of(
            new Extension(409, op -> op.key().equals("DELETE /api/v1/automation/rules/{id}"),
                    "docs/api.md, Rules: DELETE answers 409 RULE_HAS_ACTIVE_EXECUTIONS"),
            new Extension(400, ANY, "docs/api.md, Field validation: in Strict mode an unknown field or query parameter is 400 VALIDATION_ERROR"),
            new Extension(405, ANY, "docs/api.md, Errors: METHOD_NOT_ALLOWED (405)"),
            new Extension(406, ANY, "docs/api.md, Errors: NOT_ACCEPTABLE (406)"),
            new Extension(413, WITH_BODY, "docs/api.md, Errors: PAYLOAD_TOO_LARGE (413), bodies <= 1 MB (Rules: Limits)"),
            new Extension(413, ANY, "docs/api.md, Errors: a request line (URL) over 4 KB is PAYLOAD_TOO_LARGE (413)"),
            new Extension(415, WITH_BODY, "docs/api.md, Errors: UNSUPPORTED_MEDIA_TYPE (415)"),
            new Extension(503, ANY, "docs/api.md, Errors: SERVICE_UNAVAILABLE (503, with Retry-After)"));

    private StatusPolicy() {
    }

    static boolean allows(Operation op, int status) {
        return op.documents(status) || EXTENSIONS.stream().anyMatch(e -> e.status() == status && e.applies().test(op));
    }

    /**
     * Fails unless {@code reply} has a status the contract lists for {@code op} or a documented
     * extension allows. (Its body was already checked against the contract's schema for that status,
     * or the error envelope, by {@link io.ruleworks.bootstrap.http.support.Api}.)
     */
    static Reply conforms(Operation op, Reply reply) {
        if (!allows(op, reply.status())) {
            throw new AssertionError(op.key() + " answered " + reply.status() + ", which the contract does not list ("
                    + op.statuses() + ") and no documented extension allows: " + reply);
        }
        return reply;
    }

    /** Fails unless {@code reply} is a 4xx whose body is the contract's error envelope with a code. */
    static Reply refusal(Operation op, Reply reply) {
        conforms(op, reply);
        if (reply.status() < 400 || reply.status() >= 500) {
            throw new AssertionError(op.key() + " should have refused the request with a 4xx: " + reply);
        }
        ContractSchemas.get().assertValid(ContractSchemas.ERROR_SCHEMA, reply.body());
        if (reply.errorCode().isBlank()) {
            throw new AssertionError("refusal without an error code: " + reply);
        }
        return reply;
    }
}
