package io.ruleworks.adapter.queue.dispatch;

import io.ruleworks.application.port.out.queue.ExecutionQueue;
import io.ruleworks.application.port.out.queue.WorkSignal;
import jakarta.inject.Singleton;

/** The default queue's dispatch side: the rows are already committed; wake this instance and tell the others. */
@Singleton
class SignallingExecutionQueue implements ExecutionQueue {

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
