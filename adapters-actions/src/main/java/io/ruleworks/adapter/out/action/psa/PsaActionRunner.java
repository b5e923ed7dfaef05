package io.ruleworks.adapter.out.action.psa;

import io.micronaut.json.JsonMapper;
import io.ruleworks.application.port.out.action.ActionFailedException;
import io.ruleworks.application.port.out.action.ActionRunner;
import io.ruleworks.application.port.out.action.PsaFailureException;
import io.ruleworks.application.port.out.action.PsaGateway;
import io.ruleworks.application.port.out.action.PsaGateway.PsaCall;
import io.ruleworks.application.port.out.action.PsaGateway.PsaRecord;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalInt;

/**
 * What the five PSA action runners share: the call context from the invocation (each runner takes
 * its config as the record the engine parsed, {@code TicketConfig}, {@code ProjectUpdateConfig}...,
 * so no runner reads config field names), and the result later actions
 * read: the record's id under {@code <resource>_id} and the PSA's {@code data} object under
 * {@code <resource>}, left out (with {@code <resource>_truncated: true}) when it is larger than
 * {@value #MAX_RECORDED_BYTES} bytes of JSON.
 */
abstract class PsaActionRunner implements ActionRunner {

    static final int MAX_RECORDED_BYTES = 16 * 1024;

    protected final PsaGateway psa;
    private final JsonMapper json;

    PsaActionRunner(PsaGateway psa, JsonMapper json) {
        this.psa = psa;
        this.json = json;
    }

    static PsaCall call(Invocation invocation) {
        return new PsaCall(invocation.tenant(), invocation.idempotencyKey(), invocation.timeout());
    }

    /** The action's result; a create whose answer carries no id fails, since nothing could refer to it. */
    Map<String, Object> result(String resource, PsaRecord record, boolean idRequired) {
        if (idRequired && record.id().isEmpty()) {
            throw new PsaFailureException(PsaFailureException.INVALID_RESPONSE, "The PSA created the " + resource
                    + " but its answer carries no " + resource + "_id", false, OptionalInt.empty(), null);
        }
        Map<String, Object> result = new LinkedHashMap<>();
        record.id().ifPresent(id -> result.put(resource + "_id", id));
        if (size(record.data()) <= MAX_RECORDED_BYTES) {
            result.put(resource, record.data());
        } else {
            result.put(resource + "_truncated", true);
        }
        return result;
    }

    private int size(Map<String, Object> data) {
        try {
            return json.writeValueAsBytes(data).length;
        } catch (IOException e) {
            return Integer.MAX_VALUE;
        }
    }

    /** Cannot happen after the engine's check of the rendered config; kept as a clear failure. */
    static ActionFailedException invalid(String what) {
        return new ActionFailedException("INVALID_ACTION_CONFIG", what, false);
    }
}
