package io.ruleworks.adapter.in.http.connection;

import io.micronaut.context.annotation.Value;
import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import io.micronaut.http.netty.channel.ChannelPipelineCustomizer;
import io.micronaut.http.server.netty.NettyServerCustomizer;
import io.netty.channel.Channel;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.time.Duration;

/**
 * Protects the HTTP server from clients that hold connections open without finishing requests
 * (docs/operations.md, "Connection limits"): a request's headers must arrive within
 * {@code ruleworks.http.request-header-timeout} of its first byte and its body within
 * {@code ruleworks.http.request-body-timeout} of its headers, or the connection is closed
 * ({@link RequestDeadline}); and one client address may hold at most
 * {@code ruleworks.http.max-connections-per-address} connections, a connection beyond that is
 * closed as soon as it is accepted ({@link ConnectionsPerAddress}). Micronaut's idle-timeout
 * resets on every byte, so a client sending one byte every few seconds was never disconnected.
 */
@Singleton
public class SlowClientGuard implements BeanCreatedEventListener<NettyServerCustomizer.Registry> {

    private static final Logger LOG = LoggerFactory.getLogger(SlowClientGuard.class);
    static final String START_HANDLER = "ruleworks-request-start";
    static final String PROGRESS_HANDLER = "ruleworks-request-progress";

    private final Duration headerTimeout;
    private final Duration bodyTimeout;
    private final ConnectionsPerAddress connections;

    public SlowClientGuard(@Value("${ruleworks.http.request-header-timeout:10s}") Duration headerTimeout,
                           @Value("${ruleworks.http.request-body-timeout:30s}") Duration bodyTimeout,
                           @Value("${ruleworks.http.max-connections-per-address:512}") int maxConnectionsPerAddress) {
        if (headerTimeout.isNegative() || headerTimeout.isZero() || bodyTimeout.isNegative() || bodyTimeout.isZero()) {
            throw new IllegalArgumentException("ruleworks.http.request-header-timeout and request-body-timeout must be positive");
        }
        if (maxConnectionsPerAddress < 0) {
            throw new IllegalArgumentException("ruleworks.http.max-connections-per-address must be 0 (no limit) or more");
        }
        this.headerTimeout = headerTimeout;
        this.bodyTimeout = bodyTimeout;
        this.connections = new ConnectionsPerAddress(maxConnectionsPerAddress);
    }

    @Override
    public NettyServerCustomizer.Registry onCreated(BeanCreatedEvent<NettyServerCustomizer.Registry> event) {
        event.getBean().register(new NettyServerCustomizer() {
            @Override
            public NettyServerCustomizer specializeForChannel(Channel channel, ChannelRole role) {
                return role == ChannelRole.CONNECTION ? new ForConnection(channel) : this;
            }
        });
        return event.getBean();
    }

    /** How many connections {@code address} holds open now (counted only while a limit is set). */
    public int openConnections(java.net.InetAddress address) {
        return connections.open(address);
    }

    private final class ForConnection implements NettyServerCustomizer {

        private final Channel channel;

        ForConnection(Channel channel) {
            this.channel = channel;
        }

        @Override
        public NettyServerCustomizer specializeForChannel(Channel channel, ChannelRole role) {
            return this;
        }

        @Override
        public void onInitialPipelineBuilt() {
            if (channel.remoteAddress() instanceof InetSocketAddress remote && !connections.admit(channel, remote.getAddress())) {
                LOG.warn("closing a connection from {}: more than {} open from that address "
                        + "(ruleworks.http.max-connections-per-address)", remote.getAddress().getHostAddress(),
                        connections.limit());
                channel.close();
                return;
            }
            if (channel.pipeline().get(ChannelPipelineCustomizer.HANDLER_HTTP_SERVER_CODEC) == null) {
                return; // not plain HTTP/1.1 (e.g. HTTP/2): the deadlines watch HTTP/1.1 requests only
            }
            RequestDeadline deadline = new RequestDeadline(headerTimeout, bodyTimeout);
            channel.pipeline().addFirst(START_HANDLER, deadline.startWatcher());
            channel.pipeline().addAfter(ChannelPipelineCustomizer.HANDLER_HTTP_SERVER_CODEC, PROGRESS_HANDLER,
                    deadline.progressWatcher());
        }
    }
}
