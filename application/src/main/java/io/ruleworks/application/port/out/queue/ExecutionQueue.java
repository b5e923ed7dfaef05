package io.ruleworks.application.port.out.queue;

/**
 * Dispatch side of the queue: called after a transaction that made executions pending has
 * committed. The PostgreSQL adapter wakes its workers; a broker adapter would publish instead.
 */
public interface ExecutionQueue {

    void announce();
}
