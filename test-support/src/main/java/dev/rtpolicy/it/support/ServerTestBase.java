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
}
