package io.ruleworks.adapter.in.http.auth;

import io.micronaut.core.convert.ArgumentConversionContext;
import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.bind.binders.TypedRequestArgumentBinder;
import jakarta.inject.Singleton;

import java.security.Principal;

/**
 * Binds a {@link Principal} parameter (the health endpoint's) to the request's principal, which
 * {@link HealthDetailsFilter} sets; Micronaut binds it only with micronaut-security, which this
 * service does not use.
 */
@Singleton
public class PrincipalArgumentBinder implements TypedRequestArgumentBinder<Principal> {

    @Override
    public Argument<Principal> argumentType() {
        return Argument.of(Principal.class);
    }

    @Override
    public BindingResult<Principal> bind(ArgumentConversionContext<Principal> context, HttpRequest<?> source) {
        var principal = source.getUserPrincipal();
        return () -> principal;
    }
}
