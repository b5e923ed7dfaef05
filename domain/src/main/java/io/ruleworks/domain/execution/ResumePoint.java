package io.ruleworks.domain.execution;

/** Where a retried execution starts again: the 0-based index of the action that had failed. */
public record ResumePoint(int actionIndex) {

    public ResumePoint {
        if (actionIndex < 0) {
            throw new IllegalArgumentException("a resume point is an action index, 0 or more");
        }
    }
}
