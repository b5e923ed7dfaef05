package io.ruleworks.bootstrap;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** What main() sets before any library loads, and that an operator's own -D wins. */
class ApplicationStartupDefaultsTest {

    private String before;

    @BeforeEach
    void remember() {
        before = System.getProperty(Application.NETTY_JFR);
    }

    @AfterEach
    void restore() {
        if (before == null) {
            System.clearProperty(Application.NETTY_JFR);
        } else {
            System.setProperty(Application.NETTY_JFR, before);
        }
    }

    @Test
    void nettys_flight_recorder_events_are_off_by_default() {
        System.clearProperty(Application.NETTY_JFR);

        Application.startupDefaults();

        assertThat(System.getProperty("io.netty.jfr.enabled")).isEqualTo("false");
    }

    @Test
    void an_explicit_setting_is_kept() {
        System.setProperty(Application.NETTY_JFR, "true");

        Application.startupDefaults();

        assertThat(System.getProperty("io.netty.jfr.enabled")).isEqualTo("true");
    }
}
