package io.ruleworks.application.port.in;

public interface PruneHookDeliveriesUseCase {

    /** Forgets hook deliveries older than the retention; returns how many. */
    int prune();
}
