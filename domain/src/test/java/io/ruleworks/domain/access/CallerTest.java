package io.ruleworks.domain.access;

import io.ruleworks.domain.fixtures.Callers;
import io.ruleworks.domain.fixtures.TenantIds;
import org.junit.jupiter.api.Test;

import java.util.EnumSet;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class CallerTest {

    @Test
    void a_caller_holding_the_permission_passes_the_check() {
        Caller caller = Callers.with(TenantIds.random(), Permission.READ);

        assertThatCode(() -> caller.require(Permission.READ)).doesNotThrowAnyException();
    }

    @Test
    void a_caller_lacking_the_permission_is_denied_with_the_permission_it_needs() {
        Caller caller = Callers.with(TenantIds.random(), Permission.READ, Permission.UPDATE);

        PermissionDeniedException denied = catchThrowableOfType(PermissionDeniedException.class,
                () -> caller.require(Permission.DELETE));

        assertThat(denied.code()).isEqualTo("FORBIDDEN");
        assertThat(denied.details()).isEqualTo(Map.of("required_permission", "automation:delete"));
        assertThat(denied.getMessage()).isEqualTo("API key lacks the automation:delete permission");
    }

    @Test
    void a_caller_without_any_permission_is_denied_everything() {
        Caller caller = Callers.with(TenantIds.random());

        for (Permission permission : Permission.values()) {
            assertThat(catchThrowableOfType(PermissionDeniedException.class, () -> caller.require(permission)))
                    .as(permission.wire()).isNotNull();
        }
    }

    @Test
    void the_permissions_of_a_caller_do_not_follow_later_changes_to_the_set_it_was_made_from() {
        EnumSet<Permission> permissions = EnumSet.of(Permission.READ);
        Caller caller = new Caller(TenantIds.random(), new ApiKeyId(java.util.UUID.randomUUID()),
                java.util.Optional.empty(), permissions);

        permissions.add(Permission.DELETE);

        assertThat(caller.permissions()).containsExactly(Permission.READ);
    }

    @Test
    void permissions_travel_under_the_contracts_rbac_names() {
        assertThat(Permission.parse("automation:execute")).contains(Permission.EXECUTE);
        assertThat(Permission.parse("EXECUTE")).isEmpty();
        assertThat(EnumSet.allOf(Permission.class)).extracting(Permission::wire).containsExactly(
                "automation:read", "automation:create", "automation:update", "automation:delete",
                "automation:execute");
    }
}
