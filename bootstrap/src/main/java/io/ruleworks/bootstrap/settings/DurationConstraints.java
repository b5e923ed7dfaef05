package io.ruleworks.bootstrap.settings;

import io.micronaut.context.annotation.Factory;
import io.micronaut.validation.validator.constraints.ConstraintValidator;
import jakarta.inject.Singleton;

import java.time.Duration;

/** The validators of the duration constraints (a missing value is @NotNull's business, not theirs). */
@Factory
class DurationConstraints {

    @Singleton
    ConstraintValidator<PositiveDuration, Duration> positiveDuration() {
        return (value, annotation, context) -> value == null || (!value.isNegative() && !value.isZero());
    }

    @Singleton
    ConstraintValidator<NotNegativeDuration, Duration> notNegativeDuration() {
        return (value, annotation, context) -> value == null || !value.isNegative();
    }
}
