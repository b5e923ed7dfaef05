package io.ruleworks.adapter.out.action.net;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The classifier on literal addresses: every address here is built from its bytes
 * ({@link InetAddress#getByAddress}), nothing is resolved and no connection is opened.
 */
class AddressPolicyTest {

    /** Parses a dotted-quad or colon-hex literal into bytes without any lookup. */
    static InetAddress ip(String literal) {
        try {
            if (literal.contains(":")) {
                return InetAddress.getByAddress(ipv6Bytes(literal));
            }
            String[] parts = literal.split("\\.");
            byte[] raw = new byte[4];
            for (int i = 0; i < 4; i++) {
                raw[i] = (byte) Integer.parseInt(parts[i]);
            }
            return InetAddress.getByAddress(raw);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** Bytes of an IPv6 literal (with :: and an optional dotted IPv4 tail), parsed here by hand. */
    static byte[] ipv6Bytes(String literal) {
        String text = literal;
        byte[] tail = new byte[0];
        int lastColon = text.lastIndexOf(':');
        if (text.substring(lastColon + 1).contains(".")) {
            tail = ip(text.substring(lastColon + 1)).getAddress();
            text = text.substring(0, lastColon + 1) + "0:0";
        }
        String[] halves = text.split("::", -1);
        List<String> head = halves[0].isEmpty() ? List.of() : List.of(halves[0].split(":"));
        List<String> rest = halves.length < 2 || halves[1].isEmpty() ? List.of() : List.of(halves[1].split(":"));
        int[] groups = new int[8];
        for (int i = 0; i < head.size(); i++) {
            groups[i] = Integer.parseInt(head.get(i), 16);
        }
        for (int i = 0; i < rest.size(); i++) {
            groups[8 - rest.size() + i] = Integer.parseInt(rest.get(i), 16);
        }
        byte[] raw = new byte[16];
        for (int i = 0; i < 8; i++) {
            raw[2 * i] = (byte) (groups[i] >> 8);
            raw[2 * i + 1] = (byte) groups[i];
        }
        if (tail.length == 4) {
            System.arraycopy(tail, 0, raw, 12, 4);
        }
        return raw;
    }

    private final AddressPolicy publicOnly = AddressPolicy.publicOnly();

    @Nested
    class Ipv4 {

        @ParameterizedTest(name = "{0} is {1}")
        @CsvSource({
                "127.0.0.1, LOOPBACK", "127.0.0.2, LOOPBACK", "127.255.255.254, LOOPBACK",
                "0.0.0.0, UNSPECIFIED", "0.1.2.3, UNSPECIFIED",
                "10.0.0.1, PRIVATE", "10.255.255.255, PRIVATE",
                "172.16.0.1, PRIVATE", "172.31.255.255, PRIVATE",
                "192.168.0.1, PRIVATE", "192.168.255.255, PRIVATE",
                "169.254.0.1, LINK_LOCAL", "169.254.169.254, LINK_LOCAL",
                "100.64.0.1, SHARED", "100.127.255.255, SHARED", "100.100.100.200, SHARED",
                "224.0.0.1, MULTICAST", "239.255.255.255, MULTICAST",
                "255.255.255.255, BROADCAST",
                "240.0.0.1, RESERVED", "254.1.2.3, RESERVED",
                "192.0.0.170, RESERVED", "192.88.99.1, RESERVED",
                "198.18.0.1, BENCHMARKING", "198.19.255.255, BENCHMARKING",
                "192.0.2.1, DOCUMENTATION", "198.51.100.7, DOCUMENTATION", "203.0.113.9, DOCUMENTATION",
                "8.8.8.8, PUBLIC", "1.1.1.1, PUBLIC", "93.184.216.34, PUBLIC",
                "172.15.255.255, PUBLIC", "172.32.0.0, PUBLIC", "100.63.255.255, PUBLIC", "100.128.0.0, PUBLIC",
                "169.253.255.255, PUBLIC", "198.17.255.255, PUBLIC", "198.20.0.0, PUBLIC",
                "11.0.0.1, PUBLIC", "223.255.255.255, PUBLIC", "192.0.3.1, PUBLIC"
        })
        void is_classified_by_its_range(String address, AddressClass expected) {
            assertThat(AddressPolicy.classify(ip(address))).isEqualTo(expected);
        }
    }

    @Nested
    class Ipv6 {

        @ParameterizedTest(name = "{0} is {1}")
        @CsvSource({
                "::1, LOOPBACK", "::, UNSPECIFIED",
                "fc00::1, PRIVATE", "fd12:3456:789a::1, PRIVATE", "fd00:ec2::254, PRIVATE",
                "fe80::1, LINK_LOCAL", "febf:ffff::1, LINK_LOCAL",
                "fec0::1, PRIVATE",
                "ff02::1, MULTICAST", "ff0e::101, MULTICAST",
                "2001:db8::1, DOCUMENTATION", "3fff::1, DOCUMENTATION",
                "2001:2::1, BENCHMARKING",
                "2001::1, RESERVED", "2001:0:4136:e378:8000:63bf:3fff:fdd2, RESERVED",
                "100::1, RESERVED", "4000::1, RESERVED", "::1:0:0:1, RESERVED",
                "64:ff9b:1::1, PRIVATE",
                "2606:4700:4700::1111, PUBLIC", "2a00:1450:4001:81c::200e, PUBLIC", "2001:4860:4860::8888, PUBLIC"
        })
        void is_classified_by_its_range(String address, AddressClass expected) {
            assertThat(AddressPolicy.classify(ipv6Bytes(address))).isEqualTo(expected);
        }

        @ParameterizedTest(name = "{0} is {1}")
        @CsvSource({
                // IPv4-mapped
                "::ffff:127.0.0.1, LOOPBACK", "::ffff:10.0.0.1, PRIVATE", "::ffff:169.254.169.254, LINK_LOCAL",
                "::ffff:100.64.0.1, SHARED", "::ffff:0.0.0.0, UNSPECIFIED", "::ffff:224.0.0.1, MULTICAST",
                "::ffff:255.255.255.255, BROADCAST", "::ffff:192.168.1.1, PRIVATE", "::ffff:8.8.8.8, PUBLIC",
                // IPv4-compatible (deprecated): the embedded class, and never public
                "::127.0.0.1, LOOPBACK", "::10.0.0.1, PRIVATE", "::169.254.169.254, LINK_LOCAL", "::8.8.8.8, RESERVED",
                // NAT64 well-known prefix
                "64:ff9b::127.0.0.1, LOOPBACK", "64:ff9b::169.254.169.254, LINK_LOCAL", "64:ff9b::8.8.8.8, PUBLIC",
                // 6to4 carries the IPv4 address in bits 16..47
                "2002:7f00:1::1, LOOPBACK", "2002:a9fe:a9fe::1, LINK_LOCAL", "2002:c0a8:101::1, PRIVATE",
                "2002:808:808::1, PUBLIC"
        })
        void embedded_ipv4_forms_are_classified_by_their_ipv4_address(String address, AddressClass expected) {
            assertThat(AddressPolicy.classify(ipv6Bytes(address))).isEqualTo(expected);
        }

        @Test
        void a_mapped_address_kept_as_an_inet6_address_is_still_classified_by_its_ipv4_address()
                throws UnknownHostException {
            Inet6Address mapped = Inet6Address.getByAddress(null, ipv6Bytes("::ffff:169.254.169.254"), -1);

            assertThat(publicOnly.refusal(mapped)).contains(AddressClass.LINK_LOCAL);
        }
    }

    @Nested
    class Allowlist {

        @Test
        void an_allowlisted_cidr_permits_its_addresses_and_no_others() {
            AddressPolicy policy = new AddressPolicy(List.of("127.0.0.1/32", "10.1.0.0/16"));

            assertThat(policy.refusal(ip("127.0.0.1"))).isEmpty();
            assertThat(policy.refusal(ip("127.0.0.2"))).contains(AddressClass.LOOPBACK);
            assertThat(policy.refusal(ip("10.1.200.3"))).isEmpty();
            assertThat(policy.refusal(ip("10.2.0.1"))).contains(AddressClass.PRIVATE);
        }

        @Test
        void an_ipv4_entry_also_permits_the_ipv4_mapped_form() throws UnknownHostException {
            AddressPolicy policy = new AddressPolicy(List.of("127.0.0.1/32"));

            assertThat(policy.refusal(Inet6Address.getByAddress(null, ipv6Bytes("::ffff:127.0.0.1"), -1))).isEmpty();
        }

        @Test
        void entries_may_be_bare_addresses_ipv6_or_comma_separated() {
            AddressPolicy policy = new AddressPolicy(List.of("127.0.0.1, ::1", "fd00::/8"));

            assertThat(policy.allowlist()).hasSize(3);
            assertThat(policy.refusal(ip("::1"))).isEmpty();
            assertThat(policy.refusal(ip("fd12::1"))).isEmpty();
            assertThat(policy.refusal(ip("fc00::1"))).contains(AddressClass.PRIVATE);
        }

        @Test
        void a_non_octet_prefix_is_applied_bit_by_bit() {
            AddressPolicy policy = new AddressPolicy(List.of("172.16.0.0/12"));

            assertThat(policy.refusal(ip("172.31.255.255"))).isEmpty();
            assertThat(policy.refusal(ip("172.32.0.1"))).isEmpty(); // public anyway
            assertThat(policy.refusal(ip("192.168.0.1"))).contains(AddressClass.PRIVATE);
        }

        @ParameterizedTest
        @ValueSource(strings = {"localhost", "127.0.0.1/33", "127.0.0.1/x", "::1/129", "example.com/32"})
        void a_bad_entry_stops_the_start(String entry) {
            assertThatThrownBy(() -> new AddressPolicy(List.of(entry)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ruleworks.outbound.allow");
        }

        @Test
        void an_empty_entry_is_ignored() {
            assertThat(new AddressPolicy(List.of("")).allowlist()).isEmpty();
        }
    }

    @Nested
    class Urls {

        @ParameterizedTest
        @ValueSource(strings = {"ftp://example.com/x", "file:///etc/passwd", "gopher://example.com/", "jar:http://x/!/"})
        void only_http_and_https_are_permitted(String url) {
            assertThatThrownBy(() -> publicOnly.checkUrl(URI.create(url)))
                    .isInstanceOfSatisfying(OutboundException.class,
                            e -> assertThat(e.reason()).isEqualTo(OutboundException.Reason.URL_REFUSED));
        }

        @Test
        void userinfo_is_refused() {
            assertThatThrownBy(() -> publicOnly.checkUrl(URI.create("https://user:pw@example.com/")))
                    .isInstanceOfSatisfying(OutboundException.class, e -> {
                        assertThat(e.reason()).isEqualTo(OutboundException.Reason.URL_REFUSED);
                        assertThat(e.getMessage()).doesNotContain("pw");
                    });
        }

        @ParameterizedTest
        @ValueSource(strings = {"http://metadata.google.internal/computeMetadata/v1/",
                "http://METADATA.google.internal./", "http://metadata/", "http://instance-data/latest/",
                "http://metadata.goog/"})
        void metadata_host_names_are_refused(String url) {
            assertThatThrownBy(() -> publicOnly.checkUrl(URI.create(url)))
                    .isInstanceOfSatisfying(OutboundException.class, e -> {
                        assertThat(e.reason()).isEqualTo(OutboundException.Reason.ADDRESS_REFUSED);
                        assertThat(e.getMessage()).contains("metadata");
                    });
        }

        @ParameterizedTest
        @CsvSource({"http://169.254.169.254/latest/meta-data/, link-local", "http://127.0.0.1:8080/, loopback",
                "http://[::1]/, loopback", "http://[::ffff:10.0.0.1]/, private", "http://0.0.0.0/, unspecified",
                "http://[fd00:ec2::254]/, private"})
        void literal_addresses_are_refused_by_class_before_any_lookup(String url, String description) {
            assertThatThrownBy(() -> publicOnly.checkUrl(URI.create(url)))
                    .isInstanceOfSatisfying(OutboundException.class, e -> {
                        assertThat(e.reason()).isEqualTo(OutboundException.Reason.ADDRESS_REFUSED);
                        assertThat(e.getMessage()).contains(description).contains("ruleworks.outbound.allow");
                    });
        }

        @Test
        void a_public_url_passes_the_pre_check() {
            assertThatCode(() -> publicOnly.checkUrl(URI.create("https://hooks.example.com/x?y=1")))
                    .doesNotThrowAnyException();
        }
    }

    @Nested
    class Resolution {

        @Test
        void only_the_permitted_addresses_of_a_name_are_returned() throws OutboundException {
            InetAddress[] resolved = {ip("10.0.0.1"), ip("93.184.216.34"), ip("127.0.0.1")};

            assertThat(publicOnly.permitted("mixed.example", resolved)).containsExactly(ip("93.184.216.34"));
        }

        @Test
        void a_name_with_only_refused_addresses_is_refused_naming_host_and_class() {
            InetAddress[] resolved = {ip("169.254.169.254")};

            assertThatThrownBy(() -> publicOnly.permitted("Rebind.Example.", resolved))
                    .isInstanceOfSatisfying(OutboundException.class, e -> {
                        assertThat(e.reason()).isEqualTo(OutboundException.Reason.ADDRESS_REFUSED);
                        assertThat(e.retryable()).isFalse();
                        assertThat(e.getMessage()).contains("rebind.example").contains("link-local");
                    });
        }
    }
}
