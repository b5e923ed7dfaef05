package io.ruleworks.adapter.in.http.connection;

import io.netty.channel.Channel;

import java.net.InetAddress;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;

/** Counts the open connections of each client address and refuses one beyond the limit (0: no limit). */
final class ConnectionsPerAddress {

    private final int limit;
    private final ConcurrentMap<InetAddress, AtomicInteger> open = new ConcurrentHashMap<>();

    ConnectionsPerAddress(int limit) {
        this.limit = limit;
    }

    int limit() {
        return limit;
    }

    int open(InetAddress address) {
        AtomicInteger count = open.get(address);
        return count == null ? 0 : count.get();
    }

    /**
     * Counts {@code channel} for {@code address} until it closes; false (and counts nothing) when the
     * address already holds {@code limit} connections.
     */
    boolean admit(Channel channel, InetAddress address) {
        if (limit == 0) {
            return true;
        }
        boolean[] admitted = new boolean[1];
        open.compute(address, (a, count) -> {
            AtomicInteger c = count == null ? new AtomicInteger() : count;
            if (c.get() < limit) {
                c.incrementAndGet();
                admitted[0] = true;
            }
            return c;
        });
        if (admitted[0]) {
            channel.closeFuture().addListener(f -> release(address));
        } else {
            open.computeIfPresent(address, (a, c) -> c.get() == 0 ? null : c);
        }
        return admitted[0];
    }

    private void release(InetAddress address) {
        open.computeIfPresent(address, (a, c) -> c.decrementAndGet() <= 0 ? null : c);
    }
}
