package io.ruleworks.application.port.in.trigger;

/** One tick of the event windows: fires the debounce windows and batches that are due. */
public interface FireEventWindowsUseCase {

    /** Returns how many executions were created. */
    int tick();
}
