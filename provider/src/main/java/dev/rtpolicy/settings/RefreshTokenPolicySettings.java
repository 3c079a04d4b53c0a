package dev.rtpolicy.settings;

import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonValue;
import org.keycloak.component.ComponentModel;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.protocol.oidc.OIDCConfigAttributes;

/**
 * The one place that reads and writes the stored refresh-token policy, announces each write
 * ({@link PolicySettingsEvent}) and resolves "client overrides realm".
 * <ul>
 *     <li>Realm values live in one realm component of type {@link PolicyStore} (survives realm updates, exports).</li>
 *     <li>Client overrides live in client attributes {@value #CLIENT_ATTRIBUTE_PREFIX}&lt;field&gt;.</li>
 *     <li>The client's refresh-token grant is Keycloak's own client attribute {@code use.refresh.tokens}.</li>
 * </ul>
 * Every getter documents its default; an absent or unparsable stored value reads as that default.
 */
public final class RefreshTokenPolicySettings {

    public static final String CLIENT_ATTRIBUTE_PREFIX = "refreshTokenPolicy.";
    private static final String REQUEST_SNAPSHOT = RefreshTokenPolicySettings.class.getName() + ".request:";
    /** JSON name of the client's refresh-token grant in the admin API. */
    public static final String REFRESH_TOKEN_GRANT = "refreshTokenGrant";
    /** JSON name, in the effective settings, of Keycloak's "Use refresh tokens for client credentials grant". */
    public static final String CLIENT_CREDENTIALS_REFRESH_TOKENS = "clientCredentialsRefreshTokens";

    /** Where an effective value comes from; serialized in lower case. */
    public enum Source {
        DEFAULT, REALM, CLIENT, RULE;

        @JsonValue
        public String json() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** A resolved value and where it comes from; {@code rule} explains a {@link Source#RULE}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Effective(Object value, Source source, String rule) {
        static Effective of(Object value, Source source) {
            return new Effective(value, source, null);
        }
    }

    /**
     * What the policy needs to know of a client besides its overrides: Keycloak's own {@code use.refresh.tokens}
     * and {@code client_credentials.use_refresh_token} (null when unset), whether it is public, and whether it
     * requires DPoP-bound tokens.
     */
    record ClientTraits(String useRefreshTokens, String clientCredentialsRefreshTokens, boolean publicClient, boolean dpopRequired) {
        static final ClientTraits NONE = new ClientTraits(null, null, false, false);
    }

    private final Map<PolicyField, String> realmValues;
    private final Map<PolicyField, String> clientValues;
    private final ClientTraits client;
    private final boolean clientGrant;

    RefreshTokenPolicySettings(Map<PolicyField, String> realmValues, Map<PolicyField, String> clientValues, ClientTraits client) {
        this.realmValues = realmValues;
        this.clientValues = clientValues;
        this.client = client;
        // Keycloak's own default for use.refresh.tokens is true (OIDCAdvancedConfigWrapper.isUseRefreshToken)
        this.clientGrant = client.useRefreshTokens() == null || Boolean.parseBoolean(client.useRefreshTokens());
    }

    /** The realm's settings, as seen by no particular client. */
    public static RefreshTokenPolicySettings of(RealmModel realm) {
        return new RefreshTokenPolicySettings(readRealm(realm), Map.of(), ClientTraits.NONE);
    }

    /** The settings that apply to {@code client}: its overrides, else the realm's, else the defaults. */
    public static RefreshTokenPolicySettings of(RealmModel realm, ClientModel client) {
        Map<PolicyField, String> overrides = new EnumMap<>(PolicyField.class);
        for (PolicyField field : PolicyField.clientOverridableFields()) {
            String value = client.getAttribute(CLIENT_ATTRIBUTE_PREFIX + field.key());
            if (field.isValidStored(value)) {
                overrides.put(field, value);
            }
        }
        ClientTraits traits = new ClientTraits(client.getAttribute(OIDCConfigAttributes.USE_REFRESH_TOKEN),
                client.getAttribute(OIDCConfigAttributes.USE_REFRESH_TOKEN_FOR_CLIENT_CREDENTIALS_GRANT), client.isPublicClient(),
                Boolean.parseBoolean(client.getAttribute(OIDCConfigAttributes.DPOP_BOUND_ACCESS_TOKENS)));
        return new RefreshTokenPolicySettings(readRealm(realm), overrides, traits);
    }

    /**
     * The settings that apply to {@code client} in this request: resolved on first use and kept in the request's
     * session, so the grant, the refresh and the minting of a token resolve them once and see the same values. For
     * token requests only; the admin API reads with {@link #of(RealmModel, ClientModel)}, as it writes in between.
     */
    public static RefreshTokenPolicySettings forRequest(KeycloakSession session, RealmModel realm, ClientModel client) {
        String key = REQUEST_SNAPSHOT + client.getId();
        RefreshTokenPolicySettings settings = session.getAttribute(key, RefreshTokenPolicySettings.class);
        if (settings == null) {
            settings = of(realm, client);
            session.setAttribute(key, settings);
        }
        return settings;
    }

    // ---- resolution ------------------------------------------------------------------------------------------

    /** Whether the realm issues refresh tokens with access tokens. The default is {@code true}. */
    public boolean realmIssuesRefreshTokens() {
        return (Boolean) resolve(PolicyField.ISSUE_REFRESH_TOKENS).value();
    }

    /** The client's refresh-token grant ({@code use.refresh.tokens}). The default is {@code true}. */
    public boolean refreshTokenGrant() {
        return clientGrant;
    }

    /** Whether refresh tokens are issued at all: the realm switch and the client's grant. */
    public boolean issueRefreshTokens() {
        return realmIssuesRefreshTokens() && clientGrant;
    }

    /**
     * Whether refreshing a token rotates it. The default is {@code true}; off whenever issuance is off; always on for
     * a public client's token that is not sender-constrained (RFC 9700 §4.14.2).
     */
    public boolean rotateOnRefresh(boolean senderConstrainedToken) {
        if (!issueRefreshTokens()) {
            return false;
        }
        if (client.publicClient() && !senderConstrainedToken) {
            return true;
        }
        return (Boolean) resolve(PolicyField.ISSUE_REFRESH_TOKENS_ON_REFRESH).value();
    }

    /** Seconds a refresh token lives from its issuance, or -1 (session limits only). The default is {@code -1}. */
    public int refreshTokenLifetime() {
        return (Integer) resolve(PolicyField.REFRESH_TOKEN_LIFETIME).value();
    }

    /** The same for offline tokens. The default is {@code -1}. */
    public int offlineRefreshTokenLifetime() {
        return (Integer) resolve(PolicyField.OFFLINE_REFRESH_TOKEN_LIFETIME).value();
    }

    /**
     * Seconds a family's authorization lasts from its first token, or -1 (session limits only). The default is
     * {@code -1}.
     */
    public int authorizationLifetime() {
        return (Integer) resolve(PolicyField.AUTHORIZATION_LIFETIME).value();
    }

    /** Whether token responses carry the deprecated {@code refresh_token_expires_in}. The default is {@code true}. */
    public boolean deprecatedRefreshTokenExpiresIn() {
        return (Boolean) resolve(PolicyField.DEPRECATED_REFRESH_TOKEN_EXPIRES_IN).value();
    }

    /** Whether {@code trigger} revokes the affected user's refresh-token families. The default is none. */
    @SuppressWarnings("unchecked")
    public boolean revokesOn(RevocationTrigger trigger) {
        return ((List<String>) resolve(PolicyField.REVOKE_REFRESH_TOKENS_ON).value()).contains(trigger.value());
    }

    /** Seconds a retired token may be retried after its rotation. The default is {@code 0}. */
    public int reuseGracePeriod() {
        return (Integer) resolve(PolicyField.REUSE_GRACE_PERIOD).value();
    }

    /** What a detected reuse triggers. The default is {@link ReuseResponse#REVOKE_GRANT}. */
    public ReuseResponse reuseResponse() {
        return ReuseResponse.fromValue((String) resolve(PolicyField.REUSE_RESPONSE).value()).orElseThrow();
    }

    /** Every field's effective value for the client, with its source (the {@code effective} endpoint). */
    public Map<String, Effective> effective() {
        Map<String, Effective> result = new LinkedHashMap<>();
        for (PolicyField field : PolicyField.values()) {
            result.put(field.key(), effective(field));
        }
        result.put(REFRESH_TOKEN_GRANT, Effective.of(clientGrant, client.useRefreshTokens() != null ? Source.CLIENT : Source.DEFAULT));
        result.put(CLIENT_CREDENTIALS_REFRESH_TOKENS, clientCredentialsRefreshTokens());
        return result;
    }

    private Effective effective(PolicyField field) {
        switch (field) {
            case ISSUE_REFRESH_TOKENS:
                if (realmIssuesRefreshTokens() && !clientGrant) {
                    return new Effective(false, Source.CLIENT, null);
                }
                return resolve(field);
            case ISSUE_REFRESH_TOKENS_ON_REFRESH:
                if (!issueRefreshTokens()) {
                    return new Effective(false, Source.RULE, "no refresh tokens are issued to this client");
                }
                if (client.publicClient() && !client.dpopRequired()) {
                    return new Effective(true, Source.RULE, "public client: refresh tokens are rotated unless DPoP-bound (RFC 9700 4.14.2)");
                }
                return resolve(field);
            default:
                return resolve(field);
        }
    }

    /** Keycloak's own opt-in for client credentials, under the realm switch; never on by default. */
    private Effective clientCredentialsRefreshTokens() {
        if (!realmIssuesRefreshTokens()) {
            return new Effective(false, Source.RULE, "the realm issues no refresh tokens");
        }
        if (client.clientCredentialsRefreshTokens() == null) {
            return Effective.of(false, Source.DEFAULT);
        }
        return Effective.of(Boolean.parseBoolean(client.clientCredentialsRefreshTokens()), Source.CLIENT);
    }

    private Effective resolve(PolicyField field) {
        if (clientValues.containsKey(field)) {
            return Effective.of(field.toJson(clientValues.get(field)), Source.CLIENT);
        }
        if (realmValues.containsKey(field)) {
            return Effective.of(field.toJson(realmValues.get(field)), Source.REALM);
        }
        return Effective.of(field.toJson(field.defaultValue()), Source.DEFAULT);
    }

    /**
     * These settings as they will be once {@link #updateClient} applied {@code changes} to the client: the admin
     * console shows the effective values of a form before its save commits.
     */
    public RefreshTokenPolicySettings withClientChanges(Map<PolicyField, Optional<String>> changes) {
        Map<PolicyField, String> overrides = new EnumMap<>(PolicyField.class);
        overrides.putAll(clientValues);
        changes.forEach((field, value) -> {
            if (value.isPresent()) {
                overrides.put(field, value.get());
            } else {
                overrides.remove(field);
            }
        });
        return new RefreshTokenPolicySettings(realmValues, overrides, client);
    }

    /** Whether the client overrides any realm setting. */
    public boolean hasClientOverrides() {
        return !clientValues.isEmpty();
    }

    // ---- JSON views for the admin API -------------------------------------------------------------------------

    /** Every realm field with its current value. */
    public Map<String, Object> realmJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        for (PolicyField field : PolicyField.values()) {
            json.put(field.key(), field.toJson(realmValues.getOrDefault(field, field.defaultValue())));
        }
        return json;
    }

    /** The client's overrides; {@code null} means "inherits". */
    public Map<String, Object> clientJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put(REFRESH_TOKEN_GRANT, clientGrant);
        for (PolicyField field : PolicyField.clientOverridableFields()) {
            json.put(field.key(), clientValues.containsKey(field) ? field.toJson(clientValues.get(field)) : null);
        }
        return json;
    }

    // ---- writes ------------------------------------------------------------------------------------------------
    // Each write announces itself (PolicySettingsEvent), so whatever shows the settings elsewhere follows every path.

    /**
     * Applies validated realm changes; an empty value resets the field to its default. Returns whether anything changed.
     * Announced by {@link PolicyStoreFactory}'s hooks, which Keycloak runs for this write as for one through its own
     * {@code /components} API.
     */
    public static boolean updateRealm(RealmModel realm, Map<PolicyField, Optional<String>> changes) {
        // A copy: the cached model must not show a change before (or unless) it commits.
        ComponentModel component = storedComponent(realm).map(ComponentModel::new).orElse(null);
        boolean create = component == null;
        if (create) {
            component = new ComponentModel();
            component.setName(PolicyStoreFactory.PROVIDER_ID);
            component.setProviderId(PolicyStoreFactory.PROVIDER_ID);
            component.setProviderType(PolicyStore.class.getName());
            component.setParentId(realm.getId());
        }
        Map<String, List<String>> before = new HashMap<>(component.getConfig());
        for (Map.Entry<PolicyField, Optional<String>> change : changes.entrySet()) {
            if (change.getValue().isPresent()) {
                component.getConfig().putSingle(change.getKey().key(), change.getValue().get());
            } else {
                component.getConfig().remove(change.getKey().key());
            }
        }
        if (create) {
            realm.addComponentModel(component);
            return true;
        }
        if (before.equals(new HashMap<>(component.getConfig()))) {
            return false;
        }
        realm.updateComponent(component);
        return true;
    }

    /** Applies validated client changes; an empty value removes the override. */
    public static void updateClient(KeycloakSession session, ClientModel client, Map<PolicyField, Optional<String>> changes) {
        for (Map.Entry<PolicyField, Optional<String>> change : changes.entrySet()) {
            String attribute = CLIENT_ATTRIBUTE_PREFIX + change.getKey().key();
            if (change.getValue().isPresent()) {
                client.setAttribute(attribute, change.getValue().get());
            } else {
                client.removeAttribute(attribute);
            }
        }
        announce(new PolicySettingsEvent.ClientChanged(session, client.getRealm(), client));
    }

    /** Sets the client's refresh-token grant, Keycloak's own {@code use.refresh.tokens}; {@code null} restores its default. */
    public static void setRefreshTokenGrant(KeycloakSession session, ClientModel client, Boolean grant) {
        if (grant == null) {
            client.removeAttribute(OIDCConfigAttributes.USE_REFRESH_TOKEN);
        } else {
            client.setAttribute(OIDCConfigAttributes.USE_REFRESH_TOKEN, grant.toString());
        }
        announce(new PolicySettingsEvent.ClientChanged(session, client.getRealm(), client));
    }

    /** Removes every override of the client (its refresh-token grant is Keycloak's own setting and stays). */
    /**
     * Whether a client representation's {@code attributes} would change the client's overrides ({@code client} is
     * {@code null} for a client being created).
     */
    public static boolean changesClientOverrides(ClientModel client, Map<String, String> attributes) {
        if (attributes == null) {
            return false;
        }
        return attributes.entrySet().stream()
                .filter(attribute -> attribute.getKey() != null && attribute.getKey().startsWith(CLIENT_ATTRIBUTE_PREFIX))
                .anyMatch(attribute -> !Objects.equals(attribute.getValue(), client == null ? null : client.getAttribute(attribute.getKey())));
    }

    public static void clearClient(KeycloakSession session, ClientModel client) {
        for (PolicyField field : PolicyField.clientOverridableFields()) {
            client.removeAttribute(CLIENT_ATTRIBUTE_PREFIX + field.key());
        }
        announce(new PolicySettingsEvent.ClientCleared(session, client.getRealm(), client));
    }

    static void announce(PolicySettingsEvent event) {
        event.session().getKeycloakSessionFactory().publish(event);
    }

    private static Map<PolicyField, String> readRealm(RealmModel realm) {
        Map<PolicyField, String> values = new EnumMap<>(PolicyField.class);
        storedComponent(realm).ifPresent(component -> {
            for (PolicyField field : PolicyField.values()) {
                String value = component.get(field.key());
                if (field.isValidStored(value)) {
                    values.put(field, value);
                }
            }
        });
        return values;
    }

    /**
     * The realm's settings component: on a cached realm, the realm cache's own model (read it, never change it in
     * place); on a realm updated in this transaction, Keycloak's database model. Not
     * {@code getComponentsStream(parentId, providerType)}: Keycloak's cached realm copies its whole index of components
     * by parent and type on every such call, on every token request here. A realm has one ({@link PolicyStoreFactory});
     * should it hold two (stored before that rule, or by two first writes at the same moment: the database has no
     * uniqueness to enforce it), the one with the lowest id counts, for the cache and the database alike.
     */
    static Optional<ComponentModel> storedComponent(RealmModel realm) {
        return storedComponents(realm).min(Comparator.comparing(ComponentModel::getId));
    }

    static Stream<ComponentModel> storedComponents(RealmModel realm) {
        return realm.getComponentsStream()
                .filter(c -> PolicyStoreFactory.PROVIDER_ID.equals(c.getProviderId()) && PolicyStore.class.getName().equals(c.getProviderType())
                        && realm.getId().equals(c.getParentId()));
    }
}
