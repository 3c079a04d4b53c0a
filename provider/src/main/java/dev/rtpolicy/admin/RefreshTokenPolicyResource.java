package dev.rtpolicy.admin;

import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.ForbiddenException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.keycloak.events.admin.OperationType;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.services.resources.admin.AdminEventBuilder;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

import dev.rtpolicy.grant.GrantCoverage;
import dev.rtpolicy.refresh.EndedSessionHints;
import dev.rtpolicy.ops.Compatibility;
import dev.rtpolicy.settings.RefreshTokenPolicySettings;

/**
 * {@code /admin/realms/{realm}/refresh-token-policy}: the realm's settings, and per client its overrides and the
 * effective values. Permissions mirror Keycloak's own realm and client endpoints.
 */
public final class RefreshTokenPolicyResource {

    static final String ADMIN_EVENT_RESOURCE = "REFRESH_TOKEN_POLICY";

    private final KeycloakSession session;
    private final RealmModel realm;
    private final AdminPermissionEvaluator auth;
    private final AdminEventBuilder adminEvent;

    RefreshTokenPolicyResource(KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth, AdminEventBuilder adminEvent) {
        this.session = session;
        this.realm = realm;
        this.auth = auth;
        this.adminEvent = adminEvent.resource(ADMIN_EVENT_RESOURCE);
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Response getRealmSettings() {
        auth.realm().requireViewRealm();
        return JsonResponses.ok(RefreshTokenPolicySettings.of(realm).realmJson());
    }

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Response updateRealmSettings(String body) {
        auth.realm().requireManageRealm();
        PolicyRequestBody request = PolicyRequestBody.forRealm(body);
        RefreshTokenPolicySettings.updateRealm(realm, request.changes);
        Map<String, Object> updated = RefreshTokenPolicySettings.of(realm).realmJson();
        adminEvent.operation(OperationType.UPDATE).resourcePath(session.getContext().getUri()).representation(updated).success();
        return JsonResponses.ok(updated);
    }

    /**
     * The extension's version, the running Keycloak's, whether that combination was tested, and whether every grant
     * type the server runs is under the policy, and how a session that ended is told from one in Keycloak's cache.
     */
    @GET
    @Path("status")
    @Produces(MediaType.APPLICATION_JSON)
    public Response getStatus() {
        auth.realm().requireViewRealm();
        Map<String, Object> status = new LinkedHashMap<>(Compatibility.ofRunningServer().status());
        status.put("grantTypes", GrantCoverage.of(session.getKeycloakSessionFactory()).status());
        status.put("endedSessionCheck", EndedSessionHints.checkMode(session.getKeycloakSessionFactory()));
        return JsonResponses.ok(status);
    }

    @GET
    @Path("clients/{id}")
    @Produces(MediaType.APPLICATION_JSON)
    public Response getClientOverrides(@PathParam("id") String id) {
        ClientModel client = findClient(id);
        auth.clients().requireView(client);
        return JsonResponses.ok(RefreshTokenPolicySettings.of(realm, client).clientJson());
    }

    @PUT
    @Path("clients/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Response updateClientOverrides(@PathParam("id") String id, String body) {
        ClientModel client = findClient(id);
        auth.clients().requireManage(client);
        PolicyRequestBody request = PolicyRequestBody.forClient(body);
        RefreshTokenPolicySettings.updateClient(session, client, request.changes);
        request.refreshTokenGrant.ifPresent(grant -> RefreshTokenPolicySettings.setRefreshTokenGrant(session, client, grant.orElse(null)));
        Map<String, Object> updated = RefreshTokenPolicySettings.of(realm, client).clientJson();
        adminEvent.operation(OperationType.UPDATE).resourcePath(session.getContext().getUri()).representation(updated).success();
        return JsonResponses.ok(updated);
    }

    @DELETE
    @Path("clients/{id}")
    public Response deleteClientOverrides(@PathParam("id") String id) {
        ClientModel client = findClient(id);
        auth.clients().requireManage(client);
        RefreshTokenPolicySettings.clearClient(session, client);
        adminEvent.operation(OperationType.DELETE).resourcePath(session.getContext().getUri()).success();
        return Response.noContent().build();
    }

    @GET
    @Path("clients/{id}/effective")
    @Produces(MediaType.APPLICATION_JSON)
    public Response getEffectiveSettings(@PathParam("id") String id) {
        ClientModel client = findClient(id);
        auth.clients().requireView(client);
        return JsonResponses.ok(RefreshTokenPolicySettings.of(realm, client).effective());
    }

    /** As Keycloak's ClientsResource: 404 only for callers allowed to list clients, so ids cannot be probed. */
    private ClientModel findClient(String id) {
        ClientModel client = session.clients().getClientById(realm, id);
        if (client == null) {
            if (auth.clients().canList()) {
                throw new NotFoundException("Could not find client");
            }
            throw new ForbiddenException();
        }
        return client;
    }
}
