package io.ruleworks.bootstrap.settings;

import io.micronaut.context.ApplicationContext;
import io.ruleworks.adapter.out.persistence.testing.TestDatabase;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/** A bad setting stops the start, and the failure names the setting in one line. */
class ConfigValidationTest {

    private static final TestDatabase DATABASE = TestDatabase.create();

    private static String startFailure(String setting, String value) {
        Map<String, Object> properties = new HashMap<>(DATABASE.properties());
        properties.put("ruleworks.queue.workers.enabled", "false");
        properties.put(setting, value);
        Throwable failure = catchThrowable(() -> ApplicationContext.run(properties).close());
        assertThat(failure).as("the start with %s=%s", setting, value).isNotNull();
        return InvalidSetting.describe(failure).orElseThrow(() -> new AssertionError("not named", failure));
    }

    @Test
    void a_chain_depth_of_zero_stops_the_start_naming_the_setting() {
        assertThat(startFailure("ruleworks.engine.max-chain-depth", "0"))
                .isEqualTo("Invalid setting ruleworks.engine.max-chain-depth: must be greater than or equal to 1");
    }

    @Test
    void a_zero_action_timeout_stops_the_start_naming_the_setting() {
        assertThat(startFailure("ruleworks.engine.default-action-timeout", "0s"))
                .isEqualTo("Invalid setting ruleworks.engine.default-action-timeout: must be a positive duration");
    }

    @Test
    void a_negative_save_retry_window_stops_the_start_naming_the_setting() {
        assertThat(startFailure("ruleworks.engine.save-retry-window", "-1s"))
                .isEqualTo("Invalid setting ruleworks.engine.save-retry-window: must not be negative");
    }

    @Test
    void a_database_update_table_without_columns_stops_the_start_naming_the_setting() {
        assertThat(startFailure("ruleworks.database-update.tables.tickets.comment", "no columns"))
                .isEqualTo("Invalid setting ruleworks.database-update.tables.*.columns: must not be empty");
    }

    @Test
    void a_failure_that_is_not_a_setting_is_left_to_micronaut() {
        assertThat(InvalidSetting.describe(new IllegalStateException("connection refused"))).isEmpty();
    }
}
