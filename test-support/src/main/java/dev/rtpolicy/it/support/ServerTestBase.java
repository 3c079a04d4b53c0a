package dev.rtpolicy.it.support;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/**
 * The suite's shared server and its master-realm admin, for test classes that work in realms of their own. Where the
 * admin API slows down with every realm ({@link KeycloakLine#adminRequestsSlowWithEveryRealm()}) a test's realms are
 * deleted after the test and a class's after the class; elsewhere they stay for a look after a failure.
 */
public abstract class ServerTestBase {

    protected static KeycloakServer server;
    protected static Admin admin;

    private int realmsBeforeTest;

    @BeforeAll
    static void sharedServer() {
        server = KeycloakServer.get();
        admin = new Admin(server);
    }

    @BeforeEach
    void markRealms() {
        realmsBeforeTest = admin.createdRealmCount();
    }

    @AfterEach
    void deleteTestRealms() {
        deleteRealmsCreatedSince(realmsBeforeTest);
    }

    @AfterAll
    static void deleteClassRealms() {
        if (admin != null) {
            deleteRealmsCreatedSince(0);
        }
    }

    private static void deleteRealmsCreatedSince(int mark) {
        if (KeycloakLine.adminRequestsSlowWithEveryRealm() && server.isRunning()) {
            admin.deleteRealmsCreatedSince(mark);
        }
    }

    /** A fresh realm from {@code resource} with the refresh-token policy {@code policyJson} (the admin API's body). */
    protected static String createRealm(String resource, String policyJson) {
        String realm = admin.createRealm(resource);
        admin.setPolicy(realm, policyJson);
        return realm;
    }
}
