package io.ruleworks.adapter.out.persistence.access;

import io.ruleworks.adapter.out.persistence.support.Jdbc;
import io.ruleworks.application.port.out.access.TenantRepository;
import io.ruleworks.domain.access.Tenant;
import io.ruleworks.domain.shared.TenantId;
import jakarta.inject.Singleton;

/** Tenants through a Micronaut Data repository (ADR 0018). */
@Singleton
public class PostgresTenantRepository implements TenantRepository {

    private final TenantRows rows;

    PostgresTenantRepository(TenantRows rows) {
        this.rows = rows;
    }

    @Override
    public void save(Tenant tenant) {
        Jdbc.data(() -> rows.save(new TenantRow(tenant.id().value(), tenant.name(), tenant.createdAt())));
    }

    @Override
    public boolean exists(TenantId id) {
        return Jdbc.data(() -> rows.existsById(id.value()));
    }
}
