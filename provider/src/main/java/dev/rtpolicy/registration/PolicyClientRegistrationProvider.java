package dev.rtpolicy.registration;

import jakarta.ws.rs.core.Response;
import org.keycloak.events.Details;
import org.keycloak.events.Errors;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.services.ErrorResponseException;
import org.keycloak.services.clientregistration.ClientRegistrationContext;
import org.keycloak.services.clientregistration.DefaultClientRegistrationProvider;
import org.keycloak.services.clientregistration.ErrorCodes;

import dev.rtpolicy.settings.RefreshTokenPolicySettings;

/**
 * Keycloak's {@code default} client registration, which takes a whole client representation, attributes included,
 * from a registrant holding only an initial access token or the client's registration access token. Client overrides
 * need the admin API's client roles however they are written, so a registration that would change them is refused
 * (RFC 7591 §3.2.2 {@code invalid_client_metadata}) and nothing is saved. Checked after Keycloak has authenticated
 * the registrant, as its own metadata validation is.
 */
public final class PolicyClientRegistrationProvider extends DefaultClientRegistrationProvider {

    static final String DESCRIPTION = "Refresh-token overrides (refreshTokenPolicy.*) are set through the admin API";

    PolicyClientRegistrationProvider(KeycloakSession session) {
        super(session);
    }

    @Override
    public ClientRepresentation create(ClientRegistrationContext context) {
        boolean overrides = RefreshTokenPolicySettings.changesClientOverrides(null, context.getClient().getAttributes());
        ClientRepresentation created = super.create(context);
        if (overrides) {
            refuse();
        }
        return created;
    }

    @Override
    public ClientRepresentation update(String clientId, ClientRegistrationContext context) {
        ClientModel client = session.getContext().getRealm().getClientByClientId(clientId);
        boolean overrides = client != null && RefreshTokenPolicySettings.changesClientOverrides(client, context.getClient().getAttributes());
        ClientRepresentation updated = super.update(clientId, context);
        if (overrides) {
            refuse();
        }
        return updated;
    }

    private void refuse() {
        session.getTransactionManager().setRollbackOnly();
        event.detail(Details.REASON, DESCRIPTION).error(Errors.INVALID_CLIENT);
        throw new ErrorResponseException(ErrorCodes.INVALID_CLIENT_METADATA, DESCRIPTION, Response.Status.BAD_REQUEST);
    }
}
