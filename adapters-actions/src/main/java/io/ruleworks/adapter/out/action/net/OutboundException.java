package io.ruleworks.adapter.out.action.net;

import java.io.IOException;

/**
 * An outbound request did not produce a response. The {@link Reason} tells a caller which error
 * code to report and whether another attempt may help; the message names the host and the kind of
 * problem, never credentials or bodies.
 */
public final class OutboundException extends IOException {

    public enum Reason {
        /** The host is, or resolves only to, an address the policy refuses (loopback, private, metadata...). */
        ADDRESS_REFUSED(false),
        /** Not http(s), credentials in the URL, or no host. */
        URL_REFUSED(false),
        /** More redirects than ruleworks.outbound.max-redirects. */
        TOO_MANY_REDIRECTS(false),
        /** A redirect without a usable Location, or an answer that is not HTTP. */
        PROTOCOL_ERROR(false),
        /** No complete answer before the deadline. */
        TIMEOUT(true),
        /** Name resolution, connection or transfer failed. */
        UNREACHABLE(true);

        private final boolean retryable;

        Reason(boolean retryable) {
            this.retryable = retryable;
        }

        public boolean retryable() {
            return retryable;
        }
    }

    private final Reason reason;

    public OutboundException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public OutboundException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }

    public boolean retryable() {
        return reason.retryable();
    }
}
