package io.ruleworks.domain.execution;

import java.util.ArrayList;
import java.util.List;

/** The summaries of an execution's earlier runs, oldest first; only the latest {@link #MAX} are kept. */
public record PreviousAttempts(List<Attempt> attempts) {

    public static final int MAX = 20;
    public static final PreviousAttempts NONE = new PreviousAttempts(List.of());

    public PreviousAttempts {
        if (attempts.size() > MAX) {
            throw new IllegalArgumentException("at most " + MAX + " previous attempts are kept");
        }
        attempts = List.copyOf(attempts);
    }

    /** These attempts and then {@code latest}, the oldest dropped beyond {@link #MAX}. */
    public PreviousAttempts then(Attempt latest) {
        List<Attempt> next = new ArrayList<>(attempts);
        next.add(latest);
        while (next.size() > MAX) {
            next.removeFirst();
        }
        return new PreviousAttempts(next);
    }

    public boolean isEmpty() {
        return attempts.isEmpty();
    }

    public List<Object> toJson() {
        return new ArrayList<>(attempts.stream().map(Attempt::toJson).toList());
    }

    /** Reads what {@link #toJson()} wrote (keeping the latest {@link #MAX}). */
    public static PreviousAttempts fromJson(List<?> json) {
        List<Attempt> read = new ArrayList<>();
        json.forEach(item -> {
            if (item instanceof java.util.Map<?, ?> m) {
                read.add(Attempt.fromJson(m));
            }
        });
        return new PreviousAttempts(read.subList(Math.max(0, read.size() - MAX), read.size()));
    }
}
