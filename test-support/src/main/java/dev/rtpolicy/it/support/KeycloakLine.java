package dev.rtpolicy.it.support;

/**
 * The Keycloak line the suite runs on ({@code keycloak.line}, set per failsafe execution), for the few answers that
 * are Keycloak's own and differ between lines. Each use names the difference; docs/keycloak-lines.md's support table lists them.
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

    /** Whether the suite's line is {@code line} or newer ({@code 26.5} and {@code 26.10} compare as numbers). */
    public static boolean atLeast(String line) {
        return compare(current(), line) >= 0;
    }

    /** From 26.7 the policy is Keycloak's refresh-token provider (the {@code refresh-token} SPI); before, a token manager. */
    public static boolean hasRefreshTokenSpi() {
        return atLeast("26.7");
    }

    private static int compare(String a, String b) {
        String[] x = a.split("\\.");
        String[] y = b.split("\\.");
        for (int i = 0; i < Math.max(x.length, y.length); i++) {
            int d = Integer.compare(i < x.length ? number(x[i]) : 0, i < y.length ? number(y[i]) : 0);
            if (d != 0) {
                return d;
            }
        }
        return 0;
    }

    /** The leading digits of a version part ({@code 7-redhat-00001} is 7). */
    private static int number(String part) {
        String digits = part.replaceFirst("\\D.*", "");
        return digits.isEmpty() ? 0 : Integer.parseInt(digits);
    }

    /**
     * Before 26.6 (26.4.7, 26.5.6) every admin request with the master admin's (lightweight) token resolves the
     * admin's roles over every realm's management client in the database: about 1 s per request at 35 realms and 8 s
     * at 125 on 26.5.6 (26.7.3: under 0.1 s). The suite deletes its realms there as it goes.
     */
    public static boolean adminRequestsSlowWithEveryRealm() {
        return !atLeast("26.6");
    }

    /** Before 26.7 (26.4.7, 26.5.6; 26.6.4's source) the admin API answers {@code POST clients-initial-access} with 200 (26.7: 201). */
    public static int initialAccessCreatedStatus() {
        return atLeast("26.7") ? 201 : 200;
    }

    /** The JWT authorization grant (RFC 7523) is on by default from 26.6 (26.5: a preview feature, off by default; 26.4: none). */
    public static boolean hasJwtAuthorizationGrant() {
        return atLeast("26.6");
    }

    /**
     * Before 26.6 (26.4.7, 26.5.6) Keycloak answers wrong user credentials in the password grant with 401; from 26.6
     * ({@code ValidatePassword} of 26.6.4, 26.7.3) with 400, RFC 6749 §5.2.
     */
    public static int invalidUserCredentialsStatus() {
        return atLeast("26.6") ? 400 : 401;
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
     * 26.6.7, 26.7.3 and newer store a client-session note's removal in the database; older ones (26.4.7, 26.5.6) keep
     * the note there (keycloak#52038), so the extension overwrites a note before removing it.
     */
    public static boolean persistsNoteRemovals() {
        String version = System.getProperty("keycloak.version", current());
        return atLeast("26.8") || "26.7".equals(current()) && compare(version, "26.7.3") >= 0 || "26.6".equals(current()) && compare(version, "26.6.7") >= 0;
    }
}
