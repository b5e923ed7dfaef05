package io.ruleworks.adapter.out.persistence.access;

import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.GenericRepository;

import java.util.UUID;

/** {@code tenants}: plain insert and lookup by key, generated at compile time. */
@JdbcRepository(dialect = Dialect.POSTGRES)
interface TenantRows extends GenericRepository<TenantRow, UUID> {

    TenantRow save(TenantRow row);

    boolean existsById(UUID tenant);
}
