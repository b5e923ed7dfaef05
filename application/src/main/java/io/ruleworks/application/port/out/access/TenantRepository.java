package io.ruleworks.application.port.out.access;

import io.ruleworks.domain.access.Tenant;
import io.ruleworks.domain.shared.TenantId;

public interface TenantRepository {

    void save(Tenant tenant);

    boolean exists(TenantId id);
}
