package io.ruleworks.domain.shared;

import java.util.ArrayList;
import java.util.List;

/** Collects every violation of one input, so a client learns all its mistakes in one answer. */
public final class Violations {

    private final List<FieldViolation> list = new ArrayList<>();

    public void add(String field, String message) {
        list.add(new FieldViolation(field, message));
    }

    public boolean isEmpty() {
        return list.isEmpty();
    }

    public List<FieldViolation> asList() {
        return List.copyOf(list);
    }

    public void throwIfAny() {
        if (!list.isEmpty()) {
            throw new ValidationException(list);
        }
    }

    public static String child(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    public static String index(String path, int index) {
        return path + "[" + index + "]";
    }
}
