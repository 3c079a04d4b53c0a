package dev.rtpolicy.settings;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.keycloak.component.ComponentModel;
import org.keycloak.component.ComponentValidationException;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.ModelValidationException;
import org.keycloak.models.RealmModel;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One settings component per realm, refused as clearly through a realm import as through the component API. */
class PolicyStoreFactoryTest {

    private final PolicyStoreFactory factory = new PolicyStoreFactory();
    private final Map<String, Object> attributes = new HashMap<>();
    private final KeycloakSession session = Fake.of(KeycloakSession.class, Map.of(
            "getAttribute", args -> attributes.get((String) args[0]),
            "setAttribute", args -> attributes.put((String) args[0], args[1]),
            "removeAttribute", args -> attributes.remove((String) args[0])));
    private final List<ComponentModel> stored = new ArrayList<>(List.of(store("stored-id", "25")));
    private final RealmModel realm = Fake.of(RealmModel.class, Map.of(
            "getId", args -> "realm-id",
            "getComponentsStream", args -> stored.stream()));

    @Test
    void validateWhenTheRealmHasASettingsComponentThenASecondIsRefusedNamingTheFirst() {
        ComponentValidationException refused = assertThrows(ComponentValidationException.class,
                () -> factory.validateConfiguration(session, realm, store(null, "0")));

        assertTrue(refused.getMessage().contains("stored-id"), refused.getMessage());
    }

    @Test
    void validateWhenTheStoredComponentIsUpdatedThenAccepted() {
        assertDoesNotThrow(() -> factory.validateConfiguration(session, realm, store("stored-id", "0")));
    }

    @Test
    void validateWhenARealmJsonIsBeingImportedThenEachRefusalIsOneRealmCreationAnswersWith400() {
        RealmImports imports = new RealmImports();
        imports.onEvent(creation(RealmModel.RealmCreationEvent.class));

        ModelValidationException secondStore = assertThrows(ModelValidationException.class,
                () -> factory.validateConfiguration(session, realm, store("other-id", "5")));
        ModelValidationException invalidValue = assertThrows(ModelValidationException.class,
                () -> factory.validateConfiguration(session, realm, store("stored-id", "soon")));
        imports.onEvent(creation(RealmModel.RealmPostCreateEvent.class));
        ComponentValidationException afterwards = assertThrows(ComponentValidationException.class,
                () -> factory.validateConfiguration(session, realm, store("other-id", "5")));

        assertEquals(afterwards.getMessage(), secondStore.getMessage());
        assertTrue(invalidValue.getMessage().contains("reuseGracePeriod"), invalidValue.getMessage());
    }

    @Test
    void validateWhenTheStoreIsMovedToAnotherParentThenRefused() {
        ComponentModel moved = store("stored-id", "25");
        moved.setParentId("another-realm-id");

        assertThrows(ComponentValidationException.class, () -> factory.validateConfiguration(session, realm, moved));
    }

    @Test
    void validateWhenARealmHoldsTwoStoresFromBeforeTheRuleThenEachMayStillBeUpdated() {
        stored.add(store("another-id", "5"));

        assertDoesNotThrow(() -> factory.validateConfiguration(session, realm, store("stored-id", "1")));
        assertDoesNotThrow(() -> factory.validateConfiguration(session, realm, store("another-id", "2")));
        ComponentValidationException third = assertThrows(ComponentValidationException.class,
                () -> factory.validateConfiguration(session, realm, store(null, "3")));
        assertTrue(third.getMessage().contains("another-id"), "names the store that counts: " + third.getMessage());
    }

    @Test
    void settingsWhenARealmHoldsTwoStoresThenTheLowestIdCountsWhateverTheOrder() {
        stored.add(0, store("another-id", "5"));
        assertEquals(5, RefreshTokenPolicySettings.of(realm).reuseGracePeriod());

        Collections.reverse(stored);
        assertEquals(5, RefreshTokenPolicySettings.of(realm).reuseGracePeriod());
    }

    @Test
    void validateWhenAValueIsInvalidThenRefusedNamingTheField() {
        ComponentValidationException refused = assertThrows(ComponentValidationException.class,
                () -> factory.validateConfiguration(session, realm, store("stored-id", "soon")));

        assertTrue(refused.getMessage().contains("reuseGracePeriod"), refused.getMessage());
    }

    private <T> T creation(Class<T> type) {
        return Fake.of(type, Map.of("getCreatedRealm", args -> realm, "getKeycloakSession", args -> session));
    }

    private static ComponentModel store(String id, String grace) {
        ComponentModel component = new ComponentModel();
        component.setId(id);
        component.setParentId("realm-id");
        component.setProviderId(PolicyStoreFactory.PROVIDER_ID);
        component.setProviderType(PolicyStore.class.getName());
        component.getConfig().put(PolicyField.REUSE_GRACE_PERIOD.key(), List.of(grace));
        return component;
    }
}
