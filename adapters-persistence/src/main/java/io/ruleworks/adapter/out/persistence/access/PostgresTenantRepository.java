package io.ruleworks.adapter.out.persistence.access;

import io.ruleworks.adapter.out.persistence.support.Jdbc;
import io.ruleworks.application.port.out.TenantRepository;
import io.ruleworks.domain.access.Tenant;
import io.ruleworks.domain.shared.TenantId;
import jakarta.inject.Singleton;

@Singleton
public class PostgresTenantRepository implements TenantRepository {

    private final Jdbc jdbc;

    public PostgresTenantRepository(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void save(Tenant tenant) {
        jdbc.run(c -> {
            try (var ps = c.prepareStatement("INSERT INTO tenants (tenant, name, created_at) VALUES (?, ?, ?)")) {
                ps.setObject(1, tenant.id().value());
                ps.setString(2, tenant.name());
                ps.setTimestamp(3, Jdbc.ts(tenant.createdAt()));
                return ps.executeUpdate();
            }
        });
    }

    @Override
    public boolean exists(TenantId id) {
        return jdbc.run(c -> {
            try (var ps = c.prepareStatement("SELECT 1 FROM tenants WHERE tenant = ?")) {
                ps.setObject(1, id.value());
                try (var rs = ps.executeQuery()) {
                    return rs.next();
                }
            }
        });
    }
}
