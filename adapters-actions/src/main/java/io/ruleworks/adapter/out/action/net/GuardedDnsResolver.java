package io.ruleworks.adapter.out.action.net;

import org.apache.hc.client5.http.DnsResolver;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Resolves a host with the system resolver and hands the connection manager only the addresses the
 * {@link AddressPolicy} permits, so the connection goes to exactly a checked address: there is no
 * second lookup an attacker's DNS could answer differently (DNS rebinding). TLS still verifies the
 * certificate against the host name, which the client keeps separately from the address.
 */
final class GuardedDnsResolver implements DnsResolver {

    /** Carries the policy's refusal through the client's connect path, which speaks UnknownHostException. */
    static final class Refused extends UnknownHostException {
        Refused(OutboundException refusal) {
            super(refusal.getMessage());
            initCause(refusal);
        }

        OutboundException refusal() {
            return (OutboundException) getCause();
        }
    }

    private final AddressPolicy policy;
    private final DnsResolver system;

    GuardedDnsResolver(AddressPolicy policy, DnsResolver system) {
        this.policy = policy;
        this.system = system;
    }

    @Override
    public InetAddress[] resolve(String host) throws UnknownHostException {
        InetAddress[] resolved = system.resolve(host);
        try {
            return policy.permitted(host, resolved).toArray(InetAddress[]::new);
        } catch (OutboundException refused) {
            throw new Refused(refused);
        }
    }

    @Override
    public String resolveCanonicalHostname(String host) throws UnknownHostException {
        return system.resolveCanonicalHostname(host);
    }
}
