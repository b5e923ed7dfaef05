package io.ruleworks.adapter.out.action.net;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * A value created by the first {@link #get()}, once, then shared. For clients whose creation loads the
 * JDK's default TLS context (its trust store: ~0.1 s of a restart, docs/performance.md "Start-up,
 * 2026-12-08") while most starts never make the call they are for.
 */
public final class OnFirstUse<T> implements Supplier<T> {

    private final Supplier<? extends T> create;
    private volatile T value;

    public OnFirstUse(Supplier<? extends T> create) {
        this.create = Objects.requireNonNull(create);
    }

    @Override
    public T get() {
        T current = value;
        if (current == null) {
            synchronized (this) {
                current = value;
                if (current == null) {
                    current = Objects.requireNonNull(create.get());
                    value = current;
                }
            }
        }
        return current;
    }

    /** Whether {@link #get()} has created the value. */
    public boolean created() {
        return value != null;
    }
}
