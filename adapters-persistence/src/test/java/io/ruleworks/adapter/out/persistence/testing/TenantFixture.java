package io.ruleworks.adapter.out.persistence.testing;

import io.ruleworks.adapter.out.persistence.access.PostgresTenantRepository;
import io.ruleworks.domain.access.Tenant;
import io.ruleworks.domain.shared.TenantId;

import java.util.UUID;

/** A fresh tenant stored through the repository, so that each test's rows are its own. */
public final class TenantFixture {

    private TenantFixture() {
    }

    public static TenantId stored(PostgresTenantRepository tenants) {
        TenantId id = new TenantId(UUID.randomUUID());
        tenants.save(new Tenant(id, "tenant " + id, RuleFixture.T0));
        return id;
    }
}
