package io.ruleworks.adapter.in.console.view;

/**
 * What every page's frame needs: its title, which navigation entry is current, and for a
 * signed-in operator the CSRF token (for the sign-out form) and a short description of the key.
 */
public record Frame(String title, String section, boolean signedIn, String csrfToken, String who) {

    public static Frame anonymous(String title) {
        return new Frame(title, "", false, "", "");
    }
}
