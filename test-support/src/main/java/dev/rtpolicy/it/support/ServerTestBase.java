package dev.rtpolicy.it.support;

import org.junit.jupiter.api.BeforeAll;

/** The suite's shared server and its master-realm admin, for test classes that work in realms of their own. */
public abstract class ServerTestBase {

    protected static KeycloakServer server;
    protected static Admin admin;

    @BeforeAll
    static void sharedServer() {
        server = KeycloakServer.get();
        admin = new Admin(server);
    }

    /** A fresh realm from {@code resource} with the refresh-token policy {@code policyJson} (the admin API's body). */
    protected static String createRealm(String resource, String policyJson) {
        String realm = admin.createRealm(resource);
        admin.setPolicy(realm, policyJson);
        return realm;
    }
}
