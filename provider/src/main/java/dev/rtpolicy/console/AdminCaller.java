package dev.rtpolicy.console;

import java.util.Optional;

import jakarta.ws.rs.ForbiddenException;
import org.jboss.logging.Logger;
import org.keycloak.Token;
import org.keycloak.common.util.Encode;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.representations.AccessToken;
import org.keycloak.services.resources.admin.AdminAuth;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;
import org.keycloak.services.resources.admin.fgap.AdminPermissions;
import org.keycloak.utils.KeycloakSessionUtil;

/**
 * The admin whose request is running, with the permissions Keycloak's admin API gives them. The console's forms are
 * saved and read through Keycloak's generic {@code /components} endpoints, which check only manage-realm / view-realm
 * and hand the component hooks no {@code AdminAuth}. {@code AdminRoot.authenticateRealmAdminRequest} leaves the
 * verified bearer token in the session's context; rebuilt into an {@code AdminAuth} the way AdminRoot builds it, it
 * yields the same evaluator our admin API is given, fine-grained client permissions included.
 * <p>
 * No bearer token means no admin request: Keycloak itself is writing (a realm import at start-up, a client removed
 * through dynamic client registration), and the permissions of the admin API do not apply.
 */
final class AdminCaller {

    private static final Logger LOG = Logger.getLogger(AdminCaller.class);

    private AdminCaller() {
    }

    /**
     * The permissions of the request's admin in {@code realm}; empty when the session serves no admin request.
     *
     * @throws ForbiddenException for a bearer token that names no admin (fails closed; AdminRoot would not have let
     *         such a request through)
     */
    static Optional<AdminPermissionEvaluator> of(KeycloakSession session, RealmModel realm) {
        Token bearer = session.getContext().getBearerToken();
        if (bearer == null) {
            return Optional.empty();
        }
        if (!(bearer instanceof AccessToken token) || token.getIssuer() == null || realm == null) {
            LOG.debugf("no admin in the bearer token: type %s, realm %s", bearer.getClass().getName(), realm == null ? null : realm.getName());
            throw new ForbiddenException();
        }
        String issuer = token.getIssuer();
        RealmModel adminRealm = session.realms().getRealmByName(Encode.decodePath(issuer.substring(issuer.lastIndexOf('/') + 1)));
        // the context resolves the user as AdminRoot did: by the token's subject, or (lightweight tokens of the admin
        // clients carry none) by the user session the token was verified against
        UserModel user = adminRealm == null ? null : session.getContext().getUser();
        ClientModel client = adminRealm == null || token.getIssuedFor() == null ? null : adminRealm.getClientByClientId(token.getIssuedFor());
        if (user == null || client == null) {
            LOG.debugf("no admin in the bearer token: realm %s, user found %s, client found %s", adminRealm == null ? null : adminRealm.getName(),
                    user != null, client != null);
            throw new ForbiddenException();
        }
        return Optional.of(AdminPermissions.evaluator(session, realm, new AdminAuth(adminRealm, token, user, client)));
    }

    /** The permissions of the admin behind the current thread's request, in that request's realm (see {@link #of}). */
    static Optional<AdminPermissionEvaluator> current() {
        KeycloakSession session = KeycloakSessionUtil.getKeycloakSession();
        return session == null ? Optional.empty() : of(session, session.getContext().getRealm());
    }
}
