package io.ruleworks.adapter.in.http.event;

import java.util.Map;

/** Our IngestEventRequest (contract/ruleworks-extensions.json). */
public record IngestEventRequest(String eventType, String eventSource, Map<String, Object> payload,
                                 String occurredAt) {
}
