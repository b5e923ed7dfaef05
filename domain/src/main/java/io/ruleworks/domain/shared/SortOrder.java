package io.ruleworks.domain.shared;

public enum SortOrder implements WireEnum { ASC, DESC }
