package io.ruleworks.domain.shared;

import java.util.ArrayList;
import java.util.List;

/** Collects every violation of one input, so a client learns all its mistakes in one answer. */
public final class Violations {

    private final List<FieldViolation> list = new ArrayList<>();
    private final ConfigDescription description;

    public Violations() {
        this(null);
    }

    private Violations(ConfigDescription description) {
        this.description = description;
    }

    /**
     * Violations for running a check in describing mode: every {@link ConfigReader} created with
     * them records what it is asked into {@code description} instead of judging a value (readers
     * then see no values, objects read as empty, lists as one empty object), and problems are dropped.
     */
    public static Violations describing(ConfigDescription description) {
        return new Violations(java.util.Objects.requireNonNull(description, "description"));
    }

    /** The description being recorded, when these violations belong to a describing run. */
    java.util.Optional<ConfigDescription> description() {
        return java.util.Optional.ofNullable(description);
    }

    public void add(String field, String message) {
        if (description != null) {
            return;
        }
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
