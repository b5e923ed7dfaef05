package io.ruleworks.adapter.in.http.connection;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.concurrent.ScheduledFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Total deadlines for reading one HTTP/1.1 request on one connection: its headers within
 * {@code headerTimeout} of its first byte, its body within {@code bodyTimeout} of its headers; a
 * request that misses one closes the connection. Between requests (keep-alive) no deadline runs:
 * the server's idle-timeout governs. Two handlers share this state: {@link #startWatcher()} before
 * the HTTP codec sees the first raw bytes of a request, {@link #progressWatcher()} after it sees
 * the parsed headers and the end of the body. All runs on the connection's event loop.
 */
final class RequestDeadline {

    private static final Logger LOG = LoggerFactory.getLogger(RequestDeadline.class);

    private enum Phase { BETWEEN_REQUESTS, HEADERS, BODY }

    private final Duration headerTimeout;
    private final Duration bodyTimeout;
    private Phase phase = Phase.BETWEEN_REQUESTS;
    private ScheduledFuture<?> timer;

    RequestDeadline(Duration headerTimeout, Duration bodyTimeout) {
        this.headerTimeout = headerTimeout;
        this.bodyTimeout = bodyTimeout;
    }

    ChannelInboundHandlerAdapter startWatcher() {
        return new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
                if (phase == Phase.BETWEEN_REQUESTS && msg instanceof ByteBuf bytes && bytes.isReadable()) {
                    enter(ctx, Phase.HEADERS, headerTimeout);
                }
                super.channelRead(ctx, msg);
            }

            @Override
            public void channelInactive(ChannelHandlerContext ctx) throws Exception {
                cancel();
                super.channelInactive(ctx);
            }
        };
    }

    ChannelInboundHandlerAdapter progressWatcher() {
        return new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
                if (msg instanceof HttpRequest) {
                    enter(ctx, Phase.BODY, bodyTimeout);
                }
                if (msg instanceof LastHttpContent) {
                    cancel();
                    phase = Phase.BETWEEN_REQUESTS;
                }
                super.channelRead(ctx, msg);
            }
        };
    }

    private void enter(ChannelHandlerContext ctx, Phase next, Duration timeout) {
        cancel();
        phase = next;
        timer = ctx.executor().schedule(() -> expire(ctx, next, timeout), timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    private void expire(ChannelHandlerContext ctx, Phase expired, Duration timeout) {
        if (phase != expired || !ctx.channel().isActive()) {
            return;
        }
        LOG.info("closing a connection from {}: request {} not complete within {} ms", ctx.channel().remoteAddress(),
                expired == Phase.HEADERS ? "headers" : "body", timeout.toMillis());
        ctx.channel().close();
    }

    private void cancel() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }
}
