package dev.rtpolicy.it.support;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Keycloak's Prometheus metrics (management interface), read as a monitoring system would. */
public final class Metrics {

    private Metrics() {
    }

    public static String scrape(KeycloakServer server) {
        return Http.plain().get(server.managementUrl() + "/metrics", null).body();
    }

    /** The value of counter {@code name} for {@code realm} with label {@code tag=value}; 0 if absent. */
    public static long counter(String metrics, String name, String realm, String tag, String value) {
        Pattern line = Pattern.compile("^" + name + "\\{([^}]*)\\} ([0-9.E]+)$", Pattern.MULTILINE);
        Matcher matcher = line.matcher(metrics);
        while (matcher.find()) {
            String labels = matcher.group(1);
            if (labels.contains("realm=\"" + realm + "\"") && labels.contains(tag + "=\"" + value + "\"")) {
                return (long) Double.parseDouble(matcher.group(2));
            }
        }
        return 0;
    }
}
