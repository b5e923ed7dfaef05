package io.ruleworks.domain.rule;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * email_notification: recipients (to, cc, bcc; none when absent), subject, body, whether the body
 * is HTML, and the attachments, each named and read from exactly one of a url or a path. The texts
 * are as rendered: the runner still checks them as mail header words and addresses.
 */
public record EmailNotificationConfig(List<String> to, List<String> cc, List<String> bcc, String subject, String body,
                                      boolean html, List<Attachment> attachments) implements ActionConfig {

    /** One attachment: its file name, declared content type, and where it comes from (url, else path). */
    public record Attachment(String filename, Optional<String> contentType, Optional<String> url, String path) {

        public Attachment {
            Objects.requireNonNull(filename, "filename");
            Objects.requireNonNull(contentType, "contentType");
            Objects.requireNonNull(url, "url");
            Objects.requireNonNull(path, "path");
        }

        @SuppressWarnings("unchecked")
        static Attachment of(Object raw) {
            RenderedConfig item = new RenderedConfig(raw instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of());
            return new Attachment(item.shown("filename"), item.shownIfPresent("content_type"),
                    item.shownIfPresent("url"), item.shown("path"));
        }
    }

    public EmailNotificationConfig {
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(cc, "cc");
        Objects.requireNonNull(bcc, "bcc");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(attachments, "attachments");
    }

    static EmailNotificationConfig of(RenderedConfig config) {
        return new EmailNotificationConfig(config.texts("to"), config.texts("cc"),
                config.texts("bcc"), config.shown("subject"),
                config.shown("body"), config.flag("is_html"),
                config.get("attachments") instanceof List<?> items
                        ? items.stream().map(Attachment::of).toList() : List.of());
    }
}
