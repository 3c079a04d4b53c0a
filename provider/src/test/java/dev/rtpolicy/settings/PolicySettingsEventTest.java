package dev.rtpolicy.settings;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.keycloak.component.ComponentModel;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.provider.ProviderEvent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

/** Every write of the settings is announced once, after the write, naming what changed. */
class PolicySettingsEventTest {

    private final List<ProviderEvent> published = new ArrayList<>();
    /** The client's attributes as each announcement saw them. */
    private final List<Map<String, String>> attributesWhenPublished = new ArrayList<>();
    private final Map<String, String> attributes = new HashMap<>();
    private final RealmModel realm = Fake.of(RealmModel.class, Map.of());
    private final ClientModel client = Fake.of(ClientModel.class, Map.of(
            "getRealm", args -> realm,
            "setAttribute", args -> attributes.put((String) args[0], (String) args[1]),
            "removeAttribute", args -> attributes.remove((String) args[0])));
    private final KeycloakSessionFactory factory = Fake.of(KeycloakSessionFactory.class, Map.of("publish", args -> {
        published.add((ProviderEvent) args[0]);
        attributesWhenPublished.add(new HashMap<>(attributes));
        return null;
    }));
    private final KeycloakSession session = Fake.of(KeycloakSession.class, Map.of("getKeycloakSessionFactory", args -> factory));

    @Test
    void updateClientWhenOverridesWrittenThenClientChangedAnnouncedAfterTheWrite() {
        RefreshTokenPolicySettings.updateClient(session, client, Map.of(PolicyField.REUSE_GRACE_PERIOD, Optional.of("12")));

        assertEquals(List.of(new PolicySettingsEvent.ClientChanged(session, realm, client)), published);
        assertEquals(Map.of("refreshTokenPolicy.reuseGracePeriod", "12"), attributesWhenPublished.get(0));
    }

    @Test
    void setRefreshTokenGrantWhenWrittenThenClientChangedAnnouncedAfterTheWrite() {
        RefreshTokenPolicySettings.setRefreshTokenGrant(session, client, false);

        assertEquals(List.of(new PolicySettingsEvent.ClientChanged(session, realm, client)), published);
        assertEquals(Map.of("use.refresh.tokens", "false"), attributesWhenPublished.get(0));
    }

    @Test
    void clearClientWhenOverridesRemovedThenClientClearedAnnouncedAfterTheWrite() {
        attributes.put("refreshTokenPolicy.reuseResponse", "reject-only");
        attributes.put("use.refresh.tokens", "true");

        RefreshTokenPolicySettings.clearClient(session, client);

        assertEquals(List.of(new PolicySettingsEvent.ClientCleared(session, realm, client)), published);
        assertEquals(Map.of("use.refresh.tokens", "true"), attributesWhenPublished.get(0), "the grant is Keycloak's own and stays");
    }

    @Test
    void storeComponentWhenCreatedOrUpdatedThroughAnyPathThenRealmChangedAnnounced() {
        PolicyStoreFactory store = new PolicyStoreFactory();

        store.onCreate(session, realm, new ComponentModel());
        store.onUpdate(session, realm, new ComponentModel(), new ComponentModel());

        assertEquals(List.of(new PolicySettingsEvent.RealmChanged(session, realm), new PolicySettingsEvent.RealmChanged(session, realm)), published);
        assertSame(session, published.get(0).getKeycloakSession());
    }
}
