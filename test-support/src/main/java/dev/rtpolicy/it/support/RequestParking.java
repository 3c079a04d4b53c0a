package dev.rtpolicy.it.support;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * The test-only provider's parking ({@code test-provider/}, installed on the IT servers only): the next request of a
 * realm that sends a given event stops just before its commit, after Keycloak's own prepare step, until released.
 * Its state is cluster-wide, so any node arms, watches and releases.
 */
public final class RequestParking {

    /** Parks on any admin event; otherwise a user event type such as {@code REFRESH_TOKEN} or {@code LOGOUT}. */
    public static final String ADMIN_EVENT = "ADMIN";

    private final Http http = Http.plain();
    private final String url;

    public RequestParking(KeycloakServer node, String realm) {
        this.url = node.baseUrl() + "/realms/" + realm + "/rtp-test/park";
    }

    public void arm(String eventType) {
        Admin.expect(204, http.sendJson("PUT", url + "?on=" + eventType, null, null));
    }

    /** Waits until {@code request} is parked; fails if it finished without parking or never got there. */
    public void awaitParked(Future<?> request) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (http.get(url, null).status() != 200) {
            if (request.isDone()) {
                throw finishedUnparked(request);
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the request never reached its park");
            }
            Thread.sleep(10);
        }
    }

    /** The request's own outcome says more than "never parked": its failure as the cause, or its response. */
    private static AssertionError finishedUnparked(Future<?> request) throws InterruptedException {
        try {
            Object result = request.get();
            String answer = result instanceof Http.Response response ? response.status() + " " + response.body() : String.valueOf(result);
            return new AssertionError("the request finished without reaching its park: " + answer);
        } catch (ExecutionException failed) {
            return new AssertionError("the request failed without reaching its park", failed.getCause());
        }
    }

    public void release() {
        Admin.expect(204, http.delete(url, null));
    }
}
