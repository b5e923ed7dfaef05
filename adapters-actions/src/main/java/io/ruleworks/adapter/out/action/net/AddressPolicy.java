package io.ruleworks.adapter.out.action.net;

import io.micronaut.context.annotation.Value;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Which destinations an outbound request may reach (the SSRF guard). A URL must be http or https
 * without userinfo; a host name that names a cloud metadata service is refused; every address a
 * host resolves to is classified ({@link #classify}) and only {@link AddressClass#PUBLIC} addresses
 * or addresses inside an allowlisted CIDR ({@code ruleworks.outbound.allow}) are permitted.
 * Pure and thread-safe; it never resolves names itself.
 */
@Singleton
public final class AddressPolicy {

    /** Host names of cloud instance metadata services (compared lower-case, without a trailing dot). */
    public static final Set<String> METADATA_HOST_NAMES = Set.of("metadata", "metadata.google.internal",
            "metadata.goog", "instance-data", "instance-data.ec2.internal", "metadata.azure.internal",
            "metadata.tencentyun.com", "metadata.platformequinix.com", "metadata.packet.net");

    private static final Pattern IPV4_LITERAL = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6_LITERAL = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");
    private static final byte[] MAPPED_PREFIX = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff};
    private static final byte[] NAT64_PREFIX = {0, 0x64, (byte) 0xff, (byte) 0x9b, 0, 0, 0, 0, 0, 0, 0, 0};

    private final List<Cidr> allow;

    /** @param allow IPs or CIDRs ({@code 127.0.0.1/32}, {@code ::1}) that are permitted whatever their class */
    @Inject
    public AddressPolicy(@Value("${ruleworks.outbound.allow:}") List<String> allow) {
        List<Cidr> parsed = new ArrayList<>();
        for (String entry : allow == null ? List.<String>of() : allow) {
            for (String part : entry.split(",")) {
                if (!part.isBlank()) {
                    parsed.add(Cidr.parse(part.strip()));
                }
            }
        }
        this.allow = List.copyOf(parsed);
    }

    /** A policy with an empty allowlist: public addresses only. */
    public static AddressPolicy publicOnly() {
        return new AddressPolicy(List.of());
    }

    public List<Cidr> allowlist() {
        return allow;
    }

    /**
     * Checks what can be checked before any name is resolved: scheme, userinfo, a host present,
     * metadata host names, and the class of a literal IP host.
     */
    public void checkUrl(URI url) throws OutboundException {
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new OutboundException(OutboundException.Reason.URL_REFUSED,
                    "Only http and https URLs may be called, not '" + scheme + "'");
        }
        if (url.getRawUserInfo() != null) {
            throw new OutboundException(OutboundException.Reason.URL_REFUSED,
                    "URLs with credentials in them (user:password@host) are refused; use authentication instead");
        }
        String host = url.getHost();
        if (host == null || host.isEmpty()) {
            throw new OutboundException(OutboundException.Reason.URL_REFUSED, "The URL has no host");
        }
        String name = normalise(host);
        if (METADATA_HOST_NAMES.contains(name)) {
            throw new OutboundException(OutboundException.Reason.ADDRESS_REFUSED,
                    "Host " + name + " is refused: it names a cloud metadata service");
        }
        Optional<InetAddress> literal = literal(name);
        if (literal.isPresent()) {
            Optional<AddressClass> refused = refusal(literal.get());
            if (refused.isPresent()) {
                throw refusedAddress(name, "is", refused.get());
            }
        }
    }

    /**
     * The addresses of {@code host} this service may connect to, in resolver order.
     *
     * @throws OutboundException ADDRESS_REFUSED if none is permitted (naming the class of the first)
     */
    public List<InetAddress> permitted(String host, InetAddress[] resolved) throws OutboundException {
        List<InetAddress> permitted = new ArrayList<>();
        Optional<AddressClass> firstRefusal = Optional.empty();
        for (InetAddress address : resolved) {
            Optional<AddressClass> refused = refusal(address);
            if (refused.isEmpty()) {
                permitted.add(address);
            } else if (firstRefusal.isEmpty()) {
                firstRefusal = refused;
            }
        }
        if (permitted.isEmpty()) {
            throw refusedAddress(normalise(host), "resolves only to", firstRefusal.orElse(AddressClass.RESERVED));
        }
        return permitted;
    }

    /** Empty if this service may connect to {@code address}; otherwise the class that forbids it. */
    public Optional<AddressClass> refusal(InetAddress address) {
        byte[] raw = canonical(address.getAddress());
        if (allow.stream().anyMatch(c -> c.contains(raw))) {
            return Optional.empty();
        }
        AddressClass type = classify(raw);
        return type == AddressClass.PUBLIC ? Optional.empty() : Optional.of(type);
    }

    private static OutboundException refusedAddress(String host, String verb, AddressClass type) {
        return new OutboundException(OutboundException.Reason.ADDRESS_REFUSED, "Host " + host
                + " is refused: it " + verb + " a " + type.description() + " address"
                + " (allow it with ruleworks.outbound.allow)");
    }

    /** The class of an address, ignoring any allowlist. */
    public static AddressClass classify(InetAddress address) {
        return classify(address.getAddress());
    }

    /** The class of a 4- or 16-byte address; IPv4-mapped, -compatible, NAT64 and 6to4 forms by their IPv4 address. */
    static AddressClass classify(byte[] raw) {
        if (raw.length == 4) {
            return classifyV4(toInt(raw, 0));
        }
        if (raw.length != 16) {
            throw new IllegalArgumentException("not an IP address: " + raw.length + " bytes");
        }
        if (startsWith(raw, MAPPED_PREFIX)) {
            return classifyV4(toInt(raw, 12));
        }
        if (startsWith(raw, new byte[12])) {
            int v4 = toInt(raw, 12);
            if (v4 == 0) {
                return AddressClass.UNSPECIFIED;
            }
            if (v4 == 1) {
                return AddressClass.LOOPBACK;
            }
            // IPv4-compatible (deprecated): never a legitimate destination
            AddressClass embedded = classifyV4(v4);
            return embedded == AddressClass.PUBLIC ? AddressClass.RESERVED : embedded;
        }
        if (startsWith(raw, NAT64_PREFIX)) {
            return classifyV4(toInt(raw, 12));
        }
        int first16 = ((raw[0] & 0xff) << 8) | (raw[1] & 0xff);
        int second16 = ((raw[2] & 0xff) << 8) | (raw[3] & 0xff);
        if (first16 == 0x0064 && second16 == 0xff9b) {
            return AddressClass.PRIVATE; // 64:ff9b:1::/48 local-use NAT64 (and the rest of 64:ff9b::/32)
        }
        if (first16 == 0x2002) {
            return classifyV4(toInt(raw, 2)); // 6to4 carries its IPv4 address in bits 16..47
        }
        if (first16 == 0x2001 && second16 == 0x0db8) {
            return AddressClass.DOCUMENTATION;
        }
        if (first16 == 0x2001 && second16 == 0x0002 && raw[4] == 0 && raw[5] == 0) {
            return AddressClass.BENCHMARKING; // 2001:2::/48
        }
        if (first16 == 0x2001 && second16 < 0x0200) {
            return AddressClass.RESERVED; // 2001::/23 IETF protocol assignments, incl. Teredo 2001::/32
        }
        if (first16 == 0x3fff && (second16 & 0xf000) == 0) {
            return AddressClass.DOCUMENTATION; // 3fff::/20
        }
        if ((first16 & 0xfe00) == 0xfc00) {
            return AddressClass.PRIVATE; // fc00::/7 unique local
        }
        if ((first16 & 0xffc0) == 0xfe80) {
            return AddressClass.LINK_LOCAL; // fe80::/10
        }
        if ((first16 & 0xffc0) == 0xfec0) {
            return AddressClass.PRIVATE; // fec0::/10 site-local (deprecated)
        }
        if ((first16 & 0xff00) == 0xff00) {
            return AddressClass.MULTICAST; // ff00::/8
        }
        if ((first16 & 0xe000) == 0x2000) {
            return AddressClass.PUBLIC; // 2000::/3 global unicast
        }
        return AddressClass.RESERVED; // everything outside 2000::/3 (100::/64 discard, unassigned space...)
    }

    private static AddressClass classifyV4(int a) {
        if (in(a, 0x00000000, 8)) {
            return AddressClass.UNSPECIFIED; // 0.0.0.0/8 "this network"
        }
        if (in(a, 0x0a000000, 8) || in(a, 0xac100000, 12) || in(a, 0xc0a80000, 16)) {
            return AddressClass.PRIVATE;
        }
        if (in(a, 0x64400000, 10)) {
            return AddressClass.SHARED;
        }
        if (in(a, 0x7f000000, 8)) {
            return AddressClass.LOOPBACK;
        }
        if (in(a, 0xa9fe0000, 16)) {
            return AddressClass.LINK_LOCAL;
        }
        if (in(a, 0xc0000000, 24) || in(a, 0xc0586300, 24)) {
            return AddressClass.RESERVED; // 192.0.0.0/24 IETF protocol assignments, 192.88.99.0/24 6to4 relay
        }
        if (in(a, 0xc0000200, 24) || in(a, 0xc6336400, 24) || in(a, 0xcb007100, 24)) {
            return AddressClass.DOCUMENTATION; // TEST-NET-1, -2, -3
        }
        if (in(a, 0xc6120000, 15)) {
            return AddressClass.BENCHMARKING; // 198.18.0.0/15
        }
        if (in(a, 0xe0000000, 4)) {
            return AddressClass.MULTICAST;
        }
        if (a == 0xffffffff) {
            return AddressClass.BROADCAST;
        }
        if (in(a, 0xf0000000, 4)) {
            return AddressClass.RESERVED; // 240.0.0.0/4
        }
        return AddressClass.PUBLIC;
    }

    private static boolean in(int address, int network, int prefix) {
        int mask = prefix == 0 ? 0 : -1 << (32 - prefix);
        return (address & mask) == (network & mask);
    }

    private static int toInt(byte[] raw, int offset) {
        return ((raw[offset] & 0xff) << 24) | ((raw[offset + 1] & 0xff) << 16)
                | ((raw[offset + 2] & 0xff) << 8) | (raw[offset + 3] & 0xff);
    }

    private static boolean startsWith(byte[] raw, byte[] prefix) {
        return Arrays.equals(raw, 0, prefix.length, prefix, 0, prefix.length);
    }

    /** IPv4-mapped IPv6 addresses as their 4 IPv4 bytes; anything else unchanged. */
    static byte[] canonical(byte[] raw) {
        return raw.length == 16 && startsWith(raw, MAPPED_PREFIX) ? Arrays.copyOfRange(raw, 12, 16) : raw;
    }

    /** Lower case, without IPv6 brackets and without a trailing dot. */
    static String normalise(String host) {
        String name = host.toLowerCase(Locale.ROOT);
        if (name.startsWith("[") && name.endsWith("]")) {
            name = name.substring(1, name.length() - 1);
        }
        while (name.endsWith(".")) {
            name = name.substring(0, name.length() - 1);
        }
        return name;
    }

    /** The address an IP literal stands for, without any name lookup; empty for a host name. */
    static Optional<InetAddress> literal(String host) {
        String name = normalise(host);
        if (!IPV4_LITERAL.matcher(name).matches() && !IPV6_LITERAL.matcher(name).matches()) {
            return Optional.empty();
        }
        try {
            return Optional.of(InetAddress.getByName(name)); // a literal: no lookup happens
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    /** An IP network, {@code 10.0.0.0/8} or {@code ::1/128}; a bare address is a single-address network. */
    public record Cidr(byte[] network, int prefix) {

        public static Cidr parse(String text) {
            int slash = text.indexOf('/');
            String address = slash < 0 ? text : text.substring(0, slash);
            InetAddress parsed = literal(address).orElseThrow(() -> new IllegalArgumentException(
                    "ruleworks.outbound.allow: '" + text + "' is not an IP address or CIDR"));
            byte[] raw = canonical(parsed.getAddress());
            int prefix;
            try {
                prefix = slash < 0 ? raw.length * 8 : Integer.parseInt(text.substring(slash + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("ruleworks.outbound.allow: '" + text + "' has a bad prefix length", e);
            }
            if (prefix < 0 || prefix > raw.length * 8) {
                throw new IllegalArgumentException("ruleworks.outbound.allow: '" + text + "' has a bad prefix length");
            }
            return new Cidr(raw, prefix);
        }

        public boolean contains(byte[] address) {
            if (address.length != network.length) {
                return false;
            }
            int full = prefix / 8;
            if (!Arrays.equals(address, 0, full, network, 0, full)) {
                return false;
            }
            int rest = prefix % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xff << (8 - rest)) & 0xff;
            return (address[full] & mask) == (network[full] & mask);
        }

        @Override
        public String toString() {
            try {
                return InetAddress.getByAddress(network).getHostAddress() + "/" + prefix;
            } catch (UnknownHostException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Cidr c && c.prefix == prefix && Arrays.equals(c.network, network);
        }

        @Override
        public int hashCode() {
            return 31 * Arrays.hashCode(network) + prefix;
        }
    }
}
