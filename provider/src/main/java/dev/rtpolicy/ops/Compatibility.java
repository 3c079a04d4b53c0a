package dev.rtpolicy.ops;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Which Keycloak this JAR was built and tested for (from the build, never a hand-kept string), and the verdict for
 * the running one: tested, untested (a warning), or unusable because a hook the extension needs is missing.
 */
public final class Compatibility {

    public enum Verdict { TESTED, UNTESTED, BROKEN }

    private final String extensionVersion;
    private final List<String> testedVersions;
    private final String runningVersion;
    private final List<String> missingHooks;

    Compatibility(String extensionVersion, List<String> testedVersions, String runningVersion, List<String> missingHooks) {
        this.extensionVersion = extensionVersion;
        this.testedVersions = testedVersions;
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
        List<String> tested = Arrays.stream(build.getProperty("keycloak.tested.versions", "").split(","))
                .map(String::trim).filter(v -> !v.isEmpty()).toList();
        return new Compatibility(build.getProperty("extension.version", "unknown"), tested, org.keycloak.common.Version.VERSION, RequiredHooks.missing());
    }

    public Verdict verdict() {
        if (!missingHooks.isEmpty()) {
            return Verdict.BROKEN;
        }
        return testedVersions.contains(runningVersion) ? Verdict.TESTED : Verdict.UNTESTED;
    }

    /** The one line logged (untested) or thrown (broken) at start-up; null when tested. */
    public String message() {
        switch (verdict()) {
            case BROKEN:
                return "keycloak-refresh-token-policy " + extensionVersion + " cannot run on Keycloak " + runningVersion
                        + ": it needs " + String.join(", ", missingHooks) + ", which this Keycloak lacks. It was tested with Keycloak "
                        + String.join(", ", testedVersions) + "; use a release built for " + runningVersion + ".";
            case UNTESTED:
                return "keycloak-refresh-token-policy " + extensionVersion + " was tested with Keycloak " + String.join(", ", testedVersions)
                        + ", not with the running " + runningVersion + ": run its test suite against this version before relying on it.";
            default:
                return null;
        }
    }

    /** The admin API's {@code status} and the server info's operational info. */
    public Map<String, Object> status() {
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("extensionVersion", extensionVersion);
        status.put("keycloakVersion", runningVersion);
        status.put("testedKeycloakVersions", testedVersions);
        status.put("tested", verdict() == Verdict.TESTED);
        return status;
    }
}
