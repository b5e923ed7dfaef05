package io.ruleworks.adapter.out.action.email;

import io.ruleworks.application.port.out.action.ActionFailedException;
import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.ParseException;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The last check of every rule-supplied value that becomes part of a mail header (subject,
 * addresses, attachment file names and content types): the rendered config was already checked
 * by the domain's ActionConfigPolicy, and this keeps a raw CR or LF out of the message even if a
 * value reached the runner another way. Values are then encoded by Jakarta Mail: the subject and
 * display names as RFC 2047 encoded words when they are not ASCII, file names as RFC 2231
 * parameters ({@code filename*=utf-8''...}) when they are not ASCII, quoted otherwise.
 */
final class MailHeaders {

    static final String CODE = "INVALID_ACTION_CONFIG";
    /** Control characters; a tab is white space in unstructured text such as a subject. */
    private static final Pattern TEXT_CONTROL = Pattern.compile("[\\p{Cntrl}&&[^\\t]]");
    private static final Pattern ANY_CONTROL = Pattern.compile("\\p{Cntrl}");

    private MailHeaders() {
    }

    /** Unstructured header text (the subject): refused if it holds a line break or another control character. */
    static String text(String value, String field) {
        return refuseIf(TEXT_CONTROL, value, field);
    }

    /** A file name, address or media type: refused if it holds any control character, tab included. */
    static String word(String value, String field) {
        return refuseIf(ANY_CONTROL, value, field);
    }

    /**
     * A media type as Jakarta Mail writes it again (parameters quoted or RFC 2231 encoded), or
     * empty when it does not parse as one.
     */
    static Optional<String> contentType(String value) {
        if (ANY_CONTROL.matcher(value).find()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new ContentType(value).toString());
        } catch (ParseException e) {
            return Optional.empty();
        }
    }

    private static String refuseIf(Pattern control, String value, String field) {
        if (control.matcher(value).find()) {
            throw new ActionFailedException(CODE, field + " must not contain line breaks or other control characters:"
                    + " it goes into a mail header", false);
        }
        return value;
    }
}
