package io.ruleworks.application.service.catalog;

import io.ruleworks.application.port.in.catalog.DescribeAutomationUseCase;
import io.ruleworks.domain.access.Caller;
import io.ruleworks.domain.access.Permission;
import io.ruleworks.domain.catalog.AutomationCatalog;

import java.util.Map;

/** Answers the static reference catalog; reads no tenant data, but only for callers allowed to read. */
public class CatalogService implements DescribeAutomationUseCase {

    @Override
    public Map<String, Object> describe(Caller caller) {
        caller.require(Permission.READ);
        return AutomationCatalog.catalog();
    }
}
