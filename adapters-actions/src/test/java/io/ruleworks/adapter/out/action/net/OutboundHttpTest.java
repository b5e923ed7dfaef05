package io.ruleworks.adapter.out.action.net;

import io.ruleworks.adapter.out.action.net.OutboundRequest.Header;
import org.apache.hc.client5.http.DnsResolver;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Real HTTP against peers on loopback only: 127.0.0.1 is allowlisted, 127.0.0.2 (loopback outside
 * the allowlist) stands for every refused destination, and its server proves nothing reached it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OutboundHttpTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private LoopbackServer server;
    private LoopbackServer other;
    private LoopbackServer refused;
    private OutboundHttp http;

    @BeforeAll
    void start() throws IOException {
        server = LoopbackServer.on127001();
        other = LoopbackServer.on127001();
        refused = new LoopbackServer("127.0.0.2");
        http = new OutboundHttp(new AddressPolicy(List.of("127.0.0.1/32")), 3, Duration.ofSeconds(2));
    }

    @AfterAll
    void stop() {
        http.close();
        server.close();
        other.close();
        refused.close();
    }

    private static OutboundRequest post(URI uri, String body, Header... headers) {
        return new OutboundRequest("POST", uri, List.of(headers), body.getBytes(StandardCharsets.UTF_8), Set.of());
    }

    @Test
    void a_request_to_an_allowlisted_address_arrives_with_method_headers_and_body() throws Exception {
        server.on("/plain", e -> LoopbackServer.respond(e, 201, "{\"id\":7}"));

        OutboundResponse response = http.send(post(server.url("/plain"), "{\"a\":1}",
                new Header("Content-Type", "application/json"), new Header("X-Test", "yes")), 1024, TIMEOUT);

        assertThat(response.status()).isEqualTo(201);
        assertThat(new String(response.body(), StandardCharsets.UTF_8)).isEqualTo("{\"id\":7}");
        assertThat(response.truncated()).isFalse();
        assertThat(response.header("Content-Type")).contains("application/json");
        LoopbackServer.Received received = server.receivedOn("/plain").getFirst();
        assertThat(received.method()).isEqualTo("POST");
        assertThat(received.header("X-Test")).isEqualTo("yes");
        assertThat(new String(received.body(), StandardCharsets.UTF_8)).isEqualTo("{\"a\":1}");
    }

    @Test
    void the_tls_context_is_created_by_the_first_https_connection_not_with_the_client() throws Exception {
        server.on("/tls", e -> LoopbackServer.respond(e, 200, "{}"));
        try (OutboundHttp fresh = new OutboundHttp(new AddressPolicy(List.of("127.0.0.1/32")), 3, Duration.ofSeconds(2))) {
            assertThat(fresh.send(post(server.url("/tls"), "{}"), 1024, TIMEOUT).status()).isEqualTo(200);
            assertThat(fresh.tlsCreated()).as("after plain http").isFalse();

            // the loopback server speaks plain http: the handshake fails, after the context was created
            URI https = URI.create(server.url("/tls").toString().replaceFirst("^http:", "https:"));
            assertThatThrownBy(() -> fresh.send(post(https, "{}"), 1024, TIMEOUT)).isInstanceOf(OutboundException.class);
            assertThat(fresh.tlsCreated()).isTrue();
        }
    }

    @Test
    void loopback_outside_the_allowlist_is_refused_without_a_connection() {
        assertThatThrownBy(() -> http.send(post(refused.url("/direct"), "{}"), 1024, TIMEOUT))
                .isInstanceOfSatisfying(OutboundException.class, e -> {
                    assertThat(e.reason()).isEqualTo(OutboundException.Reason.ADDRESS_REFUSED);
                    assertThat(e.getMessage()).contains("127.0.0.2").contains("loopback");
                });
        assertThat(refused.received()).isEmpty();
    }

    @Test
    void a_host_name_is_checked_by_the_addresses_it_resolves_to() {
        // "localhost" resolves (hosts file) to 127.0.0.1 and/or ::1; only 127.0.0.1 is allowlisted, so the
        // request either reaches 127.0.0.1 or is refused, and ::1 is never connected to
        OutboundHttp strict = new OutboundHttp(AddressPolicy.publicOnly(), 3, Duration.ofSeconds(2));
        try (strict) {
            URI viaName = URI.create("http://localhost:" + server.url("/").getPort() + "/by-name");

            assertThatThrownBy(() -> strict.send(post(viaName, "{}"), 1024, TIMEOUT))
                    .isInstanceOfSatisfying(OutboundException.class, e -> {
                        assertThat(e.reason()).isEqualTo(OutboundException.Reason.ADDRESS_REFUSED);
                        assertThat(e.getMessage()).contains("localhost").contains("loopback");
                    });
        }
        assertThat(server.receivedOn("/by-name")).isEmpty();
    }

    @Test
    void the_connection_goes_to_the_checked_address_without_a_second_lookup() throws Exception {
        // a rebinding DNS server: the first answer is allowlisted, every later one points elsewhere
        int port = server.url("/").getPort();
        AtomicInteger lookups = new AtomicInteger();
        InetAddress allowed = InetAddress.getByAddress(new byte[] {127, 0, 0, 1});
        InetAddress rebound = InetAddress.getByAddress(new byte[] {127, 0, 0, 2});
        DnsResolver rebinding = new DnsResolver() {
            @Override
            public InetAddress[] resolve(String host) {
                return new InetAddress[] {lookups.getAndIncrement() == 0 ? allowed : rebound};
            }

            @Override
            public String resolveCanonicalHostname(String host) {
                return host;
            }
        };
        try (LoopbackServer twin = new LoopbackServer("127.0.0.2", port);
             OutboundHttp guarded = new OutboundHttp(new AddressPolicy(List.of("127.0.0.1/32")), 3,
                     Duration.ofSeconds(2), rebinding)) {

            OutboundResponse response = guarded.send(OutboundRequest.get(
                    URI.create("http://rebind.test:" + port + "/rebind")), 1024, TIMEOUT);

            assertThat(response.status()).isEqualTo(200);
            assertThat(lookups).hasValue(1);
            assertThat(server.receivedOn("/rebind")).hasSize(1);
            assertThat(server.receivedOn("/rebind").getFirst().header("Host")).isEqualTo("rebind.test:" + port);
            assertThat(twin.received()).isEmpty();
        }
    }

    @Test
    void a_name_that_resolves_to_a_refused_address_is_refused_without_a_connection() throws Exception {
        int port = refused.url("/").getPort();
        InetAddress outside = InetAddress.getByAddress(new byte[] {127, 0, 0, 2});
        DnsResolver names = new DnsResolver() {
            @Override
            public InetAddress[] resolve(String host) {
                return new InetAddress[] {outside};
            }

            @Override
            public String resolveCanonicalHostname(String host) {
                return host;
            }
        };
        try (OutboundHttp guarded = new OutboundHttp(new AddressPolicy(List.of("127.0.0.1/32")), 3,
                Duration.ofSeconds(2), names)) {

            assertThatThrownBy(() -> guarded.send(OutboundRequest.get(
                    URI.create("http://internal.test:" + port + "/named")), 1024, TIMEOUT))
                    .isInstanceOfSatisfying(OutboundException.class, e -> {
                        assertThat(e.reason()).isEqualTo(OutboundException.Reason.ADDRESS_REFUSED);
                        assertThat(e.getMessage()).contains("internal.test").contains("resolves only to a loopback");
                    });
        }
        assertThat(refused.received()).isEmpty();
    }

    @Test
    void a_redirect_to_a_refused_address_is_refused_at_the_hop() {
        server.on("/to-refused", LoopbackServer.redirect(302, refused.url("/hop").toString()));

        assertThatThrownBy(() -> http.send(post(server.url("/to-refused"), "{}"), 1024, TIMEOUT))
                .isInstanceOfSatisfying(OutboundException.class, e -> {
                    assertThat(e.reason()).isEqualTo(OutboundException.Reason.ADDRESS_REFUSED);
                    assertThat(e.getMessage()).contains("127.0.0.2");
                });
        assertThat(server.receivedOn("/to-refused")).hasSize(1);
        assertThat(refused.received()).isEmpty();
    }

    @Test
    void a_redirect_to_another_scheme_is_refused() {
        server.on("/to-file", LoopbackServer.redirect(302, "file:///etc/passwd"));

        assertThatThrownBy(() -> http.send(post(server.url("/to-file"), "{}"), 1024, TIMEOUT))
                .isInstanceOfSatisfying(OutboundException.class,
                        e -> assertThat(e.reason()).isEqualTo(OutboundException.Reason.URL_REFUSED));
    }

    @Test
    void redirects_307_and_308_keep_method_and_body() throws Exception {
        server.on("/307", LoopbackServer.redirect(307, "/308"));
        server.on("/308", LoopbackServer.redirect(308, "/kept"));

        OutboundResponse response = http.send(post(server.url("/307"), "payload"), 1024, TIMEOUT);

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.redirects()).isEqualTo(2);
        assertThat(response.uri()).isEqualTo(server.url("/kept"));
        LoopbackServer.Received kept = server.receivedOn("/kept").getFirst();
        assertThat(kept.method()).isEqualTo("POST");
        assertThat(new String(kept.body(), StandardCharsets.UTF_8)).isEqualTo("payload");
    }

    @Test
    void redirects_301_302_and_303_turn_a_post_into_a_get_without_body() throws Exception {
        for (int status : new int[] {301, 302, 303}) {
            server.on("/see-" + status, LoopbackServer.redirect(status, "/got-" + status));

            http.send(post(server.url("/see-" + status), "payload", new Header("Content-Type", "text/plain")),
                    1024, TIMEOUT);

            LoopbackServer.Received got = server.receivedOn("/got-" + status).getFirst();
            assertThat(got.method()).as("after %d", status).isEqualTo("GET");
            assertThat(got.body()).isEmpty();
            assertThat(got.header("Content-Type")).isNull();
        }
    }

    @Test
    void a_303_turns_a_put_into_a_get_but_a_302_keeps_the_put() throws Exception {
        server.on("/put-303", LoopbackServer.redirect(303, "/put-303-target"));
        server.on("/put-302", LoopbackServer.redirect(302, "/put-302-target"));
        OutboundRequest put303 = new OutboundRequest("PUT", server.url("/put-303"), List.of(), "x".getBytes(), Set.of());
        OutboundRequest put302 = new OutboundRequest("PUT", server.url("/put-302"), List.of(), "x".getBytes(), Set.of());

        http.send(put303, 1024, TIMEOUT);
        http.send(put302, 1024, TIMEOUT);

        assertThat(server.receivedOn("/put-303-target").getFirst().method()).isEqualTo("GET");
        assertThat(server.receivedOn("/put-302-target").getFirst().method()).isEqualTo("PUT");
    }

    @Test
    void credentials_are_kept_on_the_same_origin_and_dropped_on_another() throws Exception {
        server.on("/auth-same", LoopbackServer.redirect(307, "/auth-same-target"));
        server.on("/auth-cross", LoopbackServer.redirect(307, other.url("/auth-cross-target").toString()));
        Header[] headers = {new Header("Authorization", "Bearer s3cret"), new Header("X-Api-Key", "k3y"),
                new Header("X-Plain", "kept")};

        http.send(new OutboundRequest("POST", server.url("/auth-same"), List.of(headers), new byte[0],
                Set.of("X-Api-Key")), 1024, TIMEOUT);
        http.send(new OutboundRequest("POST", server.url("/auth-cross"), List.of(headers), new byte[0],
                Set.of("X-Api-Key")), 1024, TIMEOUT);

        LoopbackServer.Received same = server.receivedOn("/auth-same-target").getFirst();
        assertThat(same.header("Authorization")).isEqualTo("Bearer s3cret");
        assertThat(same.header("X-Api-Key")).isEqualTo("k3y");
        LoopbackServer.Received cross = other.receivedOn("/auth-cross-target").getFirst();
        assertThat(cross.header("Authorization")).isNull();
        assertThat(cross.header("X-Api-Key")).isNull();
        assertThat(cross.header("X-Plain")).isEqualTo("kept");
    }

    @Test
    void more_redirects_than_the_limit_fail() {
        server.on("/loop", LoopbackServer.redirect(302, "/loop"));

        assertThatThrownBy(() -> http.send(OutboundRequest.get(server.url("/loop")), 1024, TIMEOUT))
                .isInstanceOfSatisfying(OutboundException.class, e -> {
                    assertThat(e.reason()).isEqualTo(OutboundException.Reason.TOO_MANY_REDIRECTS);
                    assertThat(e.retryable()).isFalse();
                });
        assertThat(server.receivedOn("/loop")).hasSize(4); // the request and 3 redirects
    }

    @Test
    void exactly_the_limit_of_redirects_is_followed() throws Exception {
        server.on("/r1", LoopbackServer.redirect(302, "/r2"));
        server.on("/r2", LoopbackServer.redirect(302, "/r3"));
        server.on("/r3", LoopbackServer.redirect(302, "/r4"));

        assertThat(http.send(OutboundRequest.get(server.url("/r1")), 1024, TIMEOUT).status()).isEqualTo(200);
    }

    @Test
    void a_redirect_without_location_is_returned_as_it_is() throws Exception {
        server.on("/no-location", e -> LoopbackServer.respond(e, 304, ""));

        assertThat(http.send(OutboundRequest.get(server.url("/no-location")), 1024, TIMEOUT).status()).isEqualTo(304);
    }

    @Test
    void the_body_is_read_up_to_the_cap_and_marked_truncated() throws Exception {
        byte[] big = new byte[5 * 1024 * 1024];
        java.util.Arrays.fill(big, (byte) 'x');
        server.on("/big", e -> LoopbackServer.respond(e, 200, big, "text/plain"));

        OutboundResponse response = http.send(OutboundRequest.get(server.url("/big")), 1000, TIMEOUT);

        assertThat(response.body()).hasSize(1000);
        assertThat(response.truncated()).isTrue();
    }

    @Test
    void a_body_of_exactly_the_cap_is_not_truncated() throws Exception {
        server.on("/exact", e -> LoopbackServer.respond(e, 200, new byte[1000], "application/octet-stream"));

        OutboundResponse response = http.send(OutboundRequest.get(server.url("/exact")), 1000, TIMEOUT);

        assertThat(response.body()).hasSize(1000);
        assertThat(response.truncated()).isFalse();
    }

    @Test
    void a_peer_that_does_not_answer_in_time_times_out_retryably() {
        CountDownLatch release = new CountDownLatch(1);
        server.on("/slow", e -> {
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
            LoopbackServer.respond(e, 200, "");
        });
        long started = System.nanoTime();
        try {
            assertThatThrownBy(() -> http.send(OutboundRequest.get(server.url("/slow")), 1024, Duration.ofMillis(500)))
                    .isInstanceOfSatisfying(OutboundException.class, e -> {
                        assertThat(e.reason()).isEqualTo(OutboundException.Reason.TIMEOUT);
                        assertThat(e.retryable()).isTrue();
                    });
        } finally {
            release.countDown();
        }
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));
    }

    @Test
    void a_peer_that_trickles_its_body_is_cut_off_at_the_deadline() {
        server.on("/trickle", e -> {
            e.sendResponseHeaders(200, 0);
            try (OutputStream out = e.getResponseBody()) {
                for (int i = 0; i < 50; i++) {
                    out.write('x');
                    out.flush();
                    Thread.sleep(100);
                }
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
        });
        long started = System.nanoTime();

        assertThatThrownBy(() -> http.send(OutboundRequest.get(server.url("/trickle")), 1024, Duration.ofMillis(700)))
                .isInstanceOfSatisfying(OutboundException.class,
                        e -> assertThat(e.reason()).isEqualTo(OutboundException.Reason.TIMEOUT));
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));
    }

    @Test
    void a_closed_port_is_unreachable_and_retryable() throws IOException {
        URI closed;
        try (LoopbackServer gone = LoopbackServer.on127001()) {
            closed = gone.url("/gone");
        }

        assertThatThrownBy(() -> http.send(OutboundRequest.get(closed), 1024, TIMEOUT))
                .isInstanceOfSatisfying(OutboundException.class, e -> {
                    assertThat(e.reason()).isEqualTo(OutboundException.Reason.UNREACHABLE);
                    assertThat(e.retryable()).isTrue();
                });
    }
}
