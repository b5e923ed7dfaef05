package io.ruleworks.bootstrap.settings;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.EachProperty;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns the failure of a start on a setting that breaks its constraint into one line naming the
 * setting, e.g. {@code Invalid setting ruleworks.engine.max-chain-depth: must be greater than or
 * equal to 1}. Micronaut reports the violation as the settings class and the property path; the
 * setting's name is the class's prefix and the property in kebab case.
 */
public final class InvalidSetting {

    private static final Pattern VIOLATION = Pattern.compile(
            "Validation failed for bean definition \\[([\\w.$]+)]\\s*List of constraint violations:\\[\\s*([\\w.$\\[\\]<>]+) - ([^\\n]+)");
    private static final Pattern UPPER = Pattern.compile("([a-z0-9])([A-Z])");

    private InvalidSetting() {
    }

    /** The line for the first violated setting in the failure's causes, if it is one. */
    public static Optional<String> describe(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            Matcher m = VIOLATION.matcher(String.valueOf(t.getMessage()));
            if (m.find()) {
                Optional<String> prefix = prefix(m.group(1));
                if (prefix.isPresent()) {
                    return Optional.of("Invalid setting " + prefix.get() + "." + property(m.group(1), m.group(2))
                            + ": " + m.group(3).trim());
                }
            }
        }
        return Optional.empty();
    }

    private static Optional<String> prefix(String className) {
        try {
            Class<?> settings = Class.forName(className, false, InvalidSetting.class.getClassLoader());
            ConfigurationProperties properties = settings.getAnnotation(ConfigurationProperties.class);
            if (properties != null) {
                return Optional.of(properties.value());
            }
            EachProperty each = settings.getAnnotation(EachProperty.class);
            return Optional.ofNullable(each).map(e -> e.value() + ".*");
        } catch (ClassNotFoundException | LinkageError e) {
            return Optional.empty();
        }
    }

    /** {@code io.ruleworks...EngineProperties.maxChainDepth} (or without the class): {@code max-chain-depth}. */
    private static String property(String className, String path) {
        String simpleName = className.substring(className.lastIndexOf('.') + 1);
        String property = path.startsWith(className + ".") ? path.substring(className.length() + 1)
                : path.startsWith(simpleName + ".") ? path.substring(simpleName.length() + 1) : path;
        return UPPER.matcher(property.replaceAll("<[^>]*>|\\[[^]]*]", "")).replaceAll("$1-$2").toLowerCase();
    }
}
