package io.ruleworks.bootstrap.settings;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** A duration setting that must be longer than zero (checked by {@link DurationConstraints}). */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.METHOD, ElementType.RECORD_COMPONENT})
@Constraint(validatedBy = {})
public @interface PositiveDuration {

    String message() default "must be a positive duration";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};
}
