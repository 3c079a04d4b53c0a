package dev.rtpolicy.it.support;

/**
 * The Keycloak line the suite runs on ({@code keycloak.line}, set per failsafe execution), for the few answers that
 * are Keycloak's own and differ between lines. Each use names the difference; the README's support table lists them.
 */
public final class KeycloakLine {

    private KeycloakLine() {
    }

    public static String current() {
        String line = System.getProperty("keycloak.line");
        if (line == null) {
            throw new IllegalStateException("set -Dkeycloak.line: which Keycloak line the suite runs on");
        }
        return line;
    }

    /** 26.4: Keycloak's admin API answers {@code POST clients-initial-access} with 200 (26.7: 201). */
    public static int initialAccessCreatedStatus() {
        return "26.4".equals(current()) ? 200 : 201;
    }

    /** 26.4: Keycloak answers wrong user credentials in the password grant with 401 (26.7: 400, RFC 6749 §5.2). */
    public static int invalidUserCredentialsStatus() {
        return "26.4".equals(current()) ? 401 : 400;
    }

    /**
     * 26.5 and newer: Keycloak ends a session by removing it from the cache in a prepare step and deleting its rows in
     * the main transaction, so a request can be parked between the two. 26.4 does both after the commit, where no
     * provider can step in.
     */
    public static boolean removesSessionsBeforeCommit() {
        return !"26.4".equals(current());
    }

    /**
     * 26.6.7, 26.7.3 and newer store a client-session note's removal in the database; 26.4 keeps the note there
     * (keycloak#52038), so the extension overwrites a note before removing it.
     */
    public static boolean persistsNoteRemovals() {
        return !"26.4".equals(current());
    }
}
