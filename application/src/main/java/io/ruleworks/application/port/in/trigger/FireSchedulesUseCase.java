package io.ruleworks.application.port.in.trigger;

/** One tick of the scheduler: brings schedules up to date with their rules and fires what is due. */
public interface FireSchedulesUseCase {

    /** Returns how many executions were created. */
    int tick();
}
