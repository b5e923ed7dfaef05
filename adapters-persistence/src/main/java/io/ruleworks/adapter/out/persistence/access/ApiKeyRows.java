package io.ruleworks.adapter.out.persistence.access;

import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.GenericRepository;

import java.util.Optional;
import java.util.UUID;

/**
 * {@code api_keys}: the plain insert and the lookup by hash, generated at compile time. Consuming a
 * use (one conditional UPDATE), the batched usage counts and the first-key lock stay hand-written
 * SQL in {@link PostgresApiKeyStore}.
 */
@JdbcRepository(dialect = Dialect.POSTGRES)
interface ApiKeyRows extends GenericRepository<ApiKeyRow, UUID> {

    ApiKeyRow save(ApiKeyRow row);

    Optional<ApiKeyRow> findByKeyHash(String keyHash);
}
