package io.ruleworks.adapter.out.action.email;

import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** Reads {@code ruleworks.smtp.*} and {@code ruleworks.email.*}; empty strings mean "not set". */
@Factory
public class EmailSettingsFactory {

    @Singleton
    SmtpSettings smtpSettings(@Value("${ruleworks.smtp.host:}") String host,
                              @Value("${ruleworks.smtp.port:587}") int port,
                              @Value("${ruleworks.smtp.username:}") String username,
                              @Value("${ruleworks.smtp.password:}") String password,
                              @Value("${ruleworks.smtp.from:}") String from,
                              @Value("${ruleworks.smtp.starttls:required}") String startTls,
                              @Value("${ruleworks.smtp.ssl:false}") boolean ssl,
                              @Value("${ruleworks.smtp.connect-timeout:10s}") Duration connectTimeout,
                              @Value("${ruleworks.smtp.read-timeout:30s}") Duration readTimeout) {
        return new SmtpSettings(text(host), port, text(username), secret(password), text(from),
                SmtpSettings.StartTls.parse(startTls), ssl, connectTimeout, readTimeout);
    }

    @Singleton
    AttachmentSettings attachmentSettings(@Value("${ruleworks.email.attachment-dir:}") String directory,
                                          @Value("${ruleworks.email.max-attachment-bytes:10485760}") long maxBytes) {
        return new AttachmentSettings(text(directory).map(Path::of), maxBytes);
    }

    private static Optional<String> secret(String value) {
        return value == null || value.isEmpty() ? Optional.empty() : Optional.of(value);
    }

    private static Optional<String> text(String value) {
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
    }
}
