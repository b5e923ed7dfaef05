package io.ruleworks.adapter.out.action.sms;

import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/** Reads {@code ruleworks.sms.*}; empty strings mean "not set". */
@Factory
public class SmsSettingsFactory {

    @Singleton
    SmsSettings smsSettings(@Value("${ruleworks.sms.base-url:}") String baseUrl,
                            @Value("${ruleworks.sms.account-sid:}") String accountSid,
                            @Value("${ruleworks.sms.auth-token:}") String authToken,
                            @Value("${ruleworks.sms.from:}") String from,
                            @Value("${ruleworks.sms.timeout:10s}") Duration timeout) {
        // the default is applied here: a URL's colon cannot stand in a ${name:default} placeholder
        URI base = text(baseUrl).map(URI::create).orElse(SmsSettings.TWILIO);
        return new SmsSettings(base, text(accountSid), text(authToken), text(from), timeout);
    }

    private static Optional<String> text(String value) {
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
    }
}
