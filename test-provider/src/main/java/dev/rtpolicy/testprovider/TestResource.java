package dev.rtpolicy.testprovider;

import jakarta.persistence.EntityManager;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.models.session.UserSessionPersisterProvider;
import org.keycloak.services.resource.RealmResourceProvider;

/**
 * {@code /realms/{realm}/rtp-test}: what the integration tests need to put the server into a state a race would,
 * deterministically. Installed only on the IT servers.
 */
final class TestResource implements RealmResourceProvider {

    /** Set by the IT harness only: a server that merely has the JAR answers 404 and parks nothing. */
    static final String ENABLED = "rtp.test-provider";

    private final KeycloakSession session;

    TestResource(KeycloakSession session) {
        this.session = session;
    }

    @Override
    public Object getResource() {
        if (!Boolean.getBoolean(ENABLED)) {
            throw new NotFoundException();
        }
        return this;
    }

    /** Parks the next request of this realm that sends {@code on} (a user event type, or ADMIN for any admin event). */
    @PUT
    @Path("park")
    public Response arm(@QueryParam("on") String eventType) {
        if (eventType == null || eventType.isBlank()) {
            return json(400, "{\"error\": \"on= is required\"}");
        }
        parking().arm(eventType);
        return Response.noContent().build();
    }

    @GET
    @Path("park")
    public Response parked() {
        boolean parked = parking().isParked();
        return json(parked ? 200 : 404, "{\"parked\": " + parked + "}");
    }

    @DELETE
    @Path("park")
    public Response release() {
        parking().release();
        return Response.noContent().build();
    }

    /**
     * Deletes a session's rows through Keycloak's session persister (as every session end does, so the extension's
     * persister leaves its hint) and leaves the cache as it is: the state a session end leaves when a reader re-imported
     * the session between the end's cache removal and its database commit (keycloak#51127). With {@code client}, only
     * that client session's row (a revoked grant); else the user session's rows.
     */
    @DELETE
    @Path("sessions/{id}/rows")
    public Response forgetRows(@PathParam("id") String userSessionId, @QueryParam("offline") boolean offline, @QueryParam("client") String clientId) {
        EntityManager em = session.getProvider(JpaConnectionProvider.class).getEntityManager();
        UserSessionPersisterProvider persister = session.getProvider(UserSessionPersisterProvider.class);
        String flag = offline ? "1" : "0";
        if (clientId != null) {
            RealmModel realm = session.getContext().getRealm();
            ClientModel client = realm.getClientByClientId(clientId);
            if (client == null) {
                return json(404, "{\"error\": \"no such client\"}");
            }
            long rows = em.createQuery("select count(c) from PersistentClientSessionEntity c where c.userSessionId = :id and c.offline = :offline and c.clientId = :client", Long.class)
                    .setParameter("id", userSessionId).setParameter("offline", flag).setParameter("client", client.getId()).getSingleResult();
            if (rows != 1) {
                return json(404, "{\"error\": \"no such client session\"}");
            }
            persister.removeClientSession(userSessionId, client.getId(), offline);
            return Response.noContent().build();
        }
        long rows = em.createQuery("select count(u) from PersistentUserSessionEntity u where u.userSessionId = :id and u.offline = :offline", Long.class)
                .setParameter("id", userSessionId).setParameter("offline", flag).getSingleResult();
        if (rows != 1) {
            return json(404, "{\"error\": \"no such user session\"}");
        }
        persister.removeUserSession(userSessionId, offline);
        return Response.noContent().build();
    }

    /**
     * 200 while Keycloak still finds the session: from the cache where its rows are gone (a ghost), so a test can
     * show that the state it means to test was reached; else 404.
     */
    @GET
    @Path("sessions/{id}")
    public Response session(@PathParam("id") String userSessionId, @QueryParam("offline") boolean offline) {
        RealmModel realm = session.getContext().getRealm();
        UserSessionModel found = offline ? session.sessions().getOfflineUserSession(realm, userSessionId)
                : session.sessions().getUserSession(realm, userSessionId);
        return json(found == null ? 404 : 200, "{\"found\": " + (found != null) + "}");
    }

    private static Response json(int status, String body) {
        return Response.status(status).entity(body).type(MediaType.APPLICATION_JSON_TYPE).build();
    }

    private Parking parking() {
        return new Parking(session, session.getContext().getRealm().getId());
    }

    @Override
    public void close() {
    }
}
