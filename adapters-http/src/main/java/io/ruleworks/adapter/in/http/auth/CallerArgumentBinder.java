package io.ruleworks.adapter.in.http.auth;

import io.micronaut.core.convert.ArgumentConversionContext;
import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.bind.binders.TypedRequestArgumentBinder;
import io.ruleworks.domain.access.Caller;
import jakarta.inject.Singleton;

/** Lets a controller method declare a {@link Caller} parameter, filled from the authentication filter. */
@Singleton
public class CallerArgumentBinder implements TypedRequestArgumentBinder<Caller> {

    @Override
    public Argument<Caller> argumentType() {
        return Argument.of(Caller.class);
    }

    @Override
    public BindingResult<Caller> bind(ArgumentConversionContext<Caller> context, HttpRequest<?> source) {
        var caller = source.getAttribute(ApiKeyAuthenticationFilter.CALLER_ATTRIBUTE, Caller.class);
        return () -> caller;
    }
}
