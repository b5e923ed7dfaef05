package io.ruleworks.application.port.in.hook;

import io.ruleworks.domain.execution.ExecutionId;
import io.ruleworks.domain.shared.FieldViolation;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A signed delivery to a webhook-triggered rule's inbound hook. Checks, in this order, so that an
 * unsigned caller learns nothing about which rules exist: signature and timestamp headers present,
 * timestamp within the window, delivery id present and well-formed, then the signature against the
 * rule's secrets (an unknown rule fails here as an invalid signature), then that the rule is an
 * active webhook rule, then that the body is a JSON object whose values can all be stored, then that
 * the delivery is not a replay.
 * Queues one pending execution.
 */
public interface ReceiveHookUseCase {

    ExecutionId receive(HookDelivery delivery);

    /**
     * {@code rawBody} is what was signed; {@code body} the same bytes read as a JSON object, empty
     * when they are not one (the transport parses, the use case decides after the signature).
     * {@code headers} is the safe subset the execution may see. {@code bodyViolations} names, by
     * path, the body's values that cannot be stored (NUL, a lone surrogate, a number out of range):
     * the transport finds them, the use case refuses them after the signature.
     */
    record HookDelivery(String ruleId, Optional<String> timestamp, Optional<String> signature,
                        Optional<String> deliveryId, byte[] rawBody, Optional<Map<String, Object>> body,
                        Map<String, String> headers, List<FieldViolation> bodyViolations) {
        public HookDelivery {
            Objects.requireNonNull(ruleId, "ruleId");
            Objects.requireNonNull(rawBody, "rawBody");
            headers = Map.copyOf(headers);
            bodyViolations = List.copyOf(bodyViolations);
        }

        /** A delivery whose body, if any, can be stored as it is. */
        public HookDelivery(String ruleId, Optional<String> timestamp, Optional<String> signature,
                            Optional<String> deliveryId, byte[] rawBody, Optional<Map<String, Object>> body,
                            Map<String, String> headers) {
            this(ruleId, timestamp, signature, deliveryId, rawBody, body, headers, List.of());
        }
    }
}
