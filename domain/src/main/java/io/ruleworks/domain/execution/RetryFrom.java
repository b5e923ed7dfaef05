package io.ruleworks.domain.execution;

import io.ruleworks.domain.shared.WireEnum;

/** Where a retried execution starts again: from its first action, or at the action that failed (keeping earlier results). */
public enum RetryFrom implements WireEnum { START, FAILED_ACTION }
