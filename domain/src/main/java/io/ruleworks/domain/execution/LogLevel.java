package io.ruleworks.domain.execution;

import io.ruleworks.domain.shared.WireEnum;

public enum LogLevel implements WireEnum { DEBUG, INFO, WARN, ERROR }
