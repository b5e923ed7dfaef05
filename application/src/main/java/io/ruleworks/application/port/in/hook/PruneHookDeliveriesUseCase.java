package io.ruleworks.application.port.in.hook;

public interface PruneHookDeliveriesUseCase {

    /** Forgets hook deliveries older than the retention; returns how many. */
    int prune();
}
