package io.ruleworks.application.port.in.catalog;

import io.ruleworks.domain.access.Caller;

import java.util.Map;

public interface DescribeAutomationUseCase {

    /**
     * The reference catalog (enums and the JSON Schema of every trigger and action config) for a
     * caller with automation:read; see {@link io.ruleworks.domain.catalog.AutomationCatalog}.
     */
    Map<String, Object> describe(Caller caller);
}
