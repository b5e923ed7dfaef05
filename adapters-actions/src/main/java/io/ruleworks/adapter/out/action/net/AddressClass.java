package io.ruleworks.adapter.out.action.net;

/**
 * What kind of destination an IP address is, as far as an outbound request from this service is
 * concerned. Only {@link #PUBLIC} is reachable without an allowlist entry.
 */
public enum AddressClass {
    PUBLIC("public"),
    LOOPBACK("loopback"),
    UNSPECIFIED("unspecified"),
    PRIVATE("private"),
    LINK_LOCAL("link-local (includes cloud metadata 169.254.169.254)"),
    SHARED("shared address space (carrier-grade NAT 100.64.0.0/10)"),
    MULTICAST("multicast"),
    BROADCAST("broadcast"),
    BENCHMARKING("benchmarking"),
    DOCUMENTATION("documentation"),
    RESERVED("reserved or special-purpose");

    private final String description;

    AddressClass(String description) {
        this.description = description;
    }

    /** A short human description for error messages, e.g. {@code "loopback"}. */
    public String description() {
        return description;
    }
}
