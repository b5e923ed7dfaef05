package io.ruleworks.bootstrap;

import io.micronaut.context.env.DefaultEnvironment;
import io.micronaut.context.env.Environment;
import io.micronaut.context.env.PropertySource;
import io.ruleworks.domain.shared.TenantId;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConfiguredSecretStoreTest {

    private static final TenantId ACME = TenantId.of("6f1c2a3e-8d4b-4c5a-9e7f-0a1b2c3d4e5f");
    private static final TenantId OTHER = TenantId.of("00000000-0000-4000-8000-000000000001");

    private static Environment environment(Map<String, Object> properties) {
        DefaultEnvironment environment = new DefaultEnvironment(() -> List.of("secret-test"));
        environment.addPropertySource(PropertySource.of("test", properties));
        environment.start();
        return environment;
    }

    @Test
    void sharedSecretsFromPropertiesAndEnvironmentKeepTheirNamesExactly() {
        ConfiguredSecretStore store = new ConfiguredSecretStore(environment(Map.of(
                "ruleworks.secrets.shared.PSA_TOKEN", "from-config")),
                Map.of("RULEWORKS_SECRET_SMTP_Password", "from-env", "PATH", "/usr/bin"));

        assertThat(store.secretsFor(OTHER)).isEqualTo(Map.of("PSA_TOKEN", "from-config", "SMTP_Password", "from-env"));
    }

    @Test
    void aTenantsOwnSecretsOverrideTheSharedOnesForThatTenantOnly() {
        ConfiguredSecretStore store = new ConfiguredSecretStore(environment(Map.of(
                "ruleworks.secrets.shared.PSA_TOKEN", "shared",
                "ruleworks.secrets.tenants." + ACME + ".PSA_TOKEN", "acme-only",
                "ruleworks.secrets.tenants." + ACME + ".EXTRA", "acme-extra")), Map.of());

        assertThat(store.secretsFor(ACME)).isEqualTo(Map.of("PSA_TOKEN", "acme-only", "EXTRA", "acme-extra"));
        assertThat(store.secretsFor(OTHER)).isEqualTo(Map.of("PSA_TOKEN", "shared"));
    }

    @Test
    void aTenantKeyThatIsNotAUuidStopsTheStartWithTheProperty() {
        assertThatThrownBy(() -> new ConfiguredSecretStore(environment(Map.of(
                "ruleworks.secrets.tenants.acme.TOKEN", "x")), Map.of()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("ruleworks.secrets.tenants.acme.TOKEN");
    }

    @Test
    void aNameWithOtherCharactersIsRefused() {
        assertThatThrownBy(() -> new ConfiguredSecretStore(environment(Map.of()),
                Map.of("RULEWORKS_SECRET_BAD-NAME", "x")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("RULEWORKS_SECRET_BAD-NAME");
    }
}
