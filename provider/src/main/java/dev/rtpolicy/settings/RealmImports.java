package dev.rtpolicy.settings;

import org.keycloak.component.ComponentValidationException;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.ModelValidationException;
import org.keycloak.models.RealmModel;
import org.keycloak.provider.ProviderEvent;
import org.keycloak.provider.ProviderEventListener;

/**
 * Knows, for the request at hand, which realm is being created from a realm JSON (between Keycloak's
 * {@code RealmCreationEvent} and {@code RealmPostCreateEvent}), so that our components' validation refuses an
 * imported component as clearly as one sent to the component API: the component API answers a
 * {@link ComponentValidationException} with a 400 and its message, realm creation answers a
 * {@link org.keycloak.models.ModelException} so, and lets a {@link ComponentValidationException} through to
 * Keycloak's error handler, which answers it with a 500.
 */
public final class RealmImports implements ProviderEventListener {

    /** Session attribute (this request only), per realm id. */
    private static final String BEING_CREATED = "rtp.realm-being-created.";

    /** Whether {@code realm} is being created in this request; its imported clients and components are arriving. */
    public static boolean isBeingCreated(KeycloakSession session, RealmModel realm) {
        return session.getAttribute(BEING_CREATED + realm.getId()) != null;
    }

    /** Runs a component's validation; during a realm import its refusal becomes one realm creation answers with a 400. */
    public static void validate(KeycloakSession session, RealmModel realm, Runnable validation) {
        try {
            validation.run();
        } catch (ComponentValidationException e) {
            if (!isBeingCreated(session, realm)) {
                throw e;
            }
            throw new ModelValidationException(e.getMessage());
        }
    }

    @Override
    public void onEvent(ProviderEvent event) {
        if (event instanceof RealmModel.RealmCreationEvent created) {
            created.getKeycloakSession().setAttribute(BEING_CREATED + created.getCreatedRealm().getId(), Boolean.TRUE);
        } else if (event instanceof RealmModel.RealmPostCreateEvent created) {
            created.getKeycloakSession().removeAttribute(BEING_CREATED + created.getCreatedRealm().getId());
        }
    }
}
