package dev.rtpolicy.ops;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Which Keycloak line this JAR was built for and which versions of it were tested (from the build, never a hand-kept
 * string), and the verdict for the running Keycloak: tested; untested, a warning (a patch of this line the suite did
 * not run on, e.g. a Red Hat build, or a line whose suite could not run at build time: the build says why); or
 * unusable, because it is another line (whose JAR the message names) or a hook the extension needs is missing.
 */
public final class Compatibility {

    public enum Verdict { TESTED, UNTESTED, BROKEN }

    private static final String JAR = "keycloak-refresh-token-policy-kc";

    private final String extensionVersion;
    private final String line;
    private final List<String> testedVersions;
    private final String untestedLineReason;
    private final List<String> lines;
    private final String runningVersion;
    private final List<String> missingHooks;

    Compatibility(String extensionVersion, String line, List<String> testedVersions, List<String> lines, String runningVersion, List<String> missingHooks) {
        this(extensionVersion, line, testedVersions, "", lines, runningVersion, missingHooks);
    }

    /** {@code untestedLineReason}: why the build integration-tested no version of this line (empty when it did). */
    Compatibility(String extensionVersion, String line, List<String> testedVersions, String untestedLineReason, List<String> lines, String runningVersion,
                  List<String> missingHooks) {
        this.extensionVersion = extensionVersion;
        this.line = line;
        this.testedVersions = testedVersions;
        this.untestedLineReason = untestedLineReason;
        this.lines = lines;
        this.runningVersion = runningVersion;
        this.missingHooks = missingHooks;
    }

    /** This JAR against the running server. */
    public static Compatibility ofRunningServer() {
        Properties build = new Properties();
        try (InputStream in = Compatibility.class.getResourceAsStream("/META-INF/rtpolicy/build.properties")) {
            if (in != null) {
                build.load(in);
            }
        } catch (IOException e) {
            throw new IllegalStateException("keycloak-refresh-token-policy: cannot read its build information", e);
        }
        return new Compatibility(build.getProperty("extension.version", "unknown"), build.getProperty("keycloak.line", "unknown"),
                list(build.getProperty("keycloak.tested.versions", "")), build.getProperty("keycloak.untested.reason", "").trim(),
                list(build.getProperty("keycloak.lines", "")),
                org.keycloak.common.Version.VERSION, RequiredHooks.missing());
    }

    static List<String> list(String commaSeparated) {
        return Arrays.stream(commaSeparated.split(",")).map(String::trim).filter(v -> !v.isEmpty()).toList();
    }

    /** {@code major.minor} of a Keycloak version, also of a Red Hat build's ({@code 26.4.10.redhat-00001}). */
    static String lineOf(String version) {
        String[] parts = version.split("[.-]");
        return parts.length < 2 ? version : parts[0] + "." + parts[1];
    }

    public Verdict verdict() {
        if (!line.equals(lineOf(runningVersion)) || !missingHooks.isEmpty()) {
            return Verdict.BROKEN;
        }
        return testedVersions.contains(runningVersion) ? Verdict.TESTED : Verdict.UNTESTED;
    }

    /** The one line logged (untested) or thrown (broken) at start-up; null when tested. */
    public String message() {
        String running = lineOf(runningVersion);
        if (!line.equals(running)) {
            return "keycloak-refresh-token-policy " + extensionVersion + " is built for Keycloak " + line + " (" + JAR + line + ".jar) and cannot run on Keycloak "
                    + runningVersion + ": " + (lines.contains(running) ? "use " + JAR + running + ".jar instead."
                    : "this release has no JAR for Keycloak " + running + "; it has " + String.join(", ", lines.stream().map(l -> JAR + l + ".jar").toList()) + ".");
        }
        switch (verdict()) {
            case BROKEN:
                return "keycloak-refresh-token-policy " + extensionVersion + " cannot run on Keycloak " + runningVersion
                        + ": it needs " + String.join(", ", missingHooks) + ", which this Keycloak lacks. " + testedWith()
                        + "; use a release built for " + runningVersion + ".";
            case UNTESTED:
                return "keycloak-refresh-token-policy " + extensionVersion + " (" + JAR + line + ".jar): " + untestedReason()
                        + ": run its test suite against this version before relying on it.";
            default:
                return null;
        }
    }

    private String testedWith() {
        return testedVersions.isEmpty() ? "Its build integration-tested no Keycloak " + line + " (" + untestedLineReason + ")"
                : "It was tested with Keycloak " + String.join(", ", testedVersions);
    }

    private String untestedReason() {
        return testedVersions.isEmpty() ? "its build integration-tested no Keycloak " + line + ", so not the running " + runningVersion + " either ("
                + untestedLineReason + ")"
                : "tested with Keycloak " + String.join(", ", testedVersions) + ", not with the running " + runningVersion;
    }

    /** The admin API's {@code status} and the server info's operational info. */
    public Map<String, Object> status() {
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("extensionVersion", extensionVersion);
        status.put("keycloakLine", line);
        status.put("keycloakVersion", runningVersion);
        status.put("testedKeycloakVersions", testedVersions);
        status.put("tested", verdict() == Verdict.TESTED);
        if (verdict() == Verdict.UNTESTED) {
            status.put("untestedReason", untestedReason());
        }
        return status;
    }
}
