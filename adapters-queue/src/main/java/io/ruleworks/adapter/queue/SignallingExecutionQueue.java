package io.ruleworks.adapter.queue;

import io.ruleworks.application.port.out.ExecutionQueue;
import io.ruleworks.application.port.out.WorkSignal;
import jakarta.inject.Singleton;

/** The default queue's dispatch side: the rows are already committed; wake this instance and tell the others. */
@Singleton
public class SignallingExecutionQueue implements ExecutionQueue {

    private final WorkSignal signal;

    public SignallingExecutionQueue(WorkSignal signal) {
        this.signal = signal;
    }

    @Override
    public void announce() {
        signal.wakeLocal();
        signal.broadcast();
    }
}
