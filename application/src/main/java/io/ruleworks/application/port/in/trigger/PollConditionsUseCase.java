package io.ruleworks.application.port.in.trigger;

/**
 * One tick of condition polling: brings the polling state up to date with the rules, then checks
 * the condition_based rules that are due and fires for items that newly match.
 */
public interface PollConditionsUseCase {

    /** Returns how many executions were created. */
    int tick();
}
