package dev.rtpolicy.settings;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jboss.logging.Logger;
import org.keycloak.Config;
import org.keycloak.component.ComponentFactory;
import org.keycloak.component.ComponentModel;
import org.keycloak.component.ComponentValidationException;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ServerInfoAwareProviderFactory;

import dev.rtpolicy.grant.GrantCoverage;
import dev.rtpolicy.ops.Compatibility;

/**
 * The realm settings component; validates writes that reach it through Keycloak's own component API too, and announces
 * every created or updated component, whoever wrote it (Keycloak runs these hooks for {@code addComponentModel} and
 * {@code updateComponent}, not when a realm import brings the component: RealmPostCreateEvent follows that).
 */
public final class PolicyStoreFactory implements ComponentFactory<PolicyStore, PolicyStore>, ServerInfoAwareProviderFactory {

    private static final Logger logger = Logger.getLogger(PolicyStoreFactory.class);

    public static final String PROVIDER_ID = "refresh-token-policy";

    /** Derived from the deployed providers at start-up, the same on every node: configuration, not state. */
    private GrantCoverage grantCoverage;
    /** {@link FamilyCap}: a server option, the same on every node. */
    private int familyCap = FamilyCap.DEFAULT;

    @Override
    public PolicyStore create(KeycloakSession session, ComponentModel model) {
        return null;
    }

    /**
     * Refuses a second store, a store moved to another parent, and any unknown field or invalid value. Keycloak runs
     * this for its component API and for a realm import alike. A store that is already there may always be updated,
     * also where a realm holds two ({@link RefreshTokenPolicySettings#storedComponent}).
     */
    @Override
    public void validateConfiguration(KeycloakSession session, RealmModel realm, ComponentModel model) {
        RealmImports.validate(session, realm, () -> validate(realm, model));
    }

    private static void validate(RealmModel realm, ComponentModel model) {
        if (!realm.getId().equals(model.getParentId())) {
            throw new ComponentValidationException("The refresh-token policy belongs to its realm: parentId must be the realm's id");
        }
        if (RefreshTokenPolicySettings.storedComponents(realm).noneMatch(store -> store.getId().equals(model.getId()))) {
            RefreshTokenPolicySettings.storedComponent(realm).ifPresent(counted -> {
                throw new ComponentValidationException("The realm has its refresh-token policy already (component " + counted.getId()
                        + "): update that one");
            });
        }
        for (Map.Entry<String, List<String>> entry : model.getConfig().entrySet()) {
            PolicyField field = PolicyField.byKey(entry.getKey())
                    .orElseThrow(() -> new ComponentValidationException("Unknown field " + entry.getKey()));
            String value = entry.getValue() == null || entry.getValue().isEmpty() ? null : entry.getValue().get(0);
            if (!field.isValidStored(value)) {
                throw new ComponentValidationException("Invalid value for " + field.key());
            }
        }
    }

    @Override
    public void onCreate(KeycloakSession session, RealmModel realm, ComponentModel model) {
        RefreshTokenPolicySettings.announce(new PolicySettingsEvent.RealmChanged(session, realm));
    }

    @Override
    public void onUpdate(KeycloakSession session, RealmModel realm, ComponentModel oldModel, ComponentModel newModel) {
        RefreshTokenPolicySettings.announce(new PolicySettingsEvent.RealmChanged(session, realm));
    }

    @Override
    public String getHelpText() {
        return "Refresh-token policy of the realm";
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return Arrays.stream(PolicyField.values()).map(f -> {
            ProviderConfigProperty property = new ProviderConfigProperty();
            property.setName(f.key());
            property.setType(ProviderConfigProperty.STRING_TYPE);
            property.setDefaultValue(f.defaultValue());
            return property;
        }).toList();
    }

    /** The server options of this provider ({@code kc.sh start --help} lists them). */
    @Override
    public List<ProviderConfigProperty> getConfigMetadata() {
        return FamilyCap.metadata();
    }

    /**
     * The version guard, here because this factory exists on every Keycloak line: a JAR of another line, or a Keycloak
     * without the hooks the extension needs, fails the start-up; an untested patch of this line is a warning.
     */
    @Override
    public void init(Config.Scope config) {
        Compatibility compatibility = Compatibility.ofRunningServer();
        if (compatibility.verdict() == Compatibility.Verdict.BROKEN) {
            throw new IllegalStateException(compatibility.message());
        }
        if (compatibility.verdict() == Compatibility.Verdict.UNTESTED) {
            logger.warn(compatibility.message());
        }
        familyCap = FamilyCap.read(config);
    }

    int familyCap() {
        return familyCap;
    }

    /** Every grant type the server runs must be under the policy; one that is not is an error in the log. */
    @Override
    public void postInit(KeycloakSessionFactory factory) {
        factory.register(new RealmImports());
        grantCoverage = GrantCoverage.of(factory);
        if (!grantCoverage.complete()) {
            logger.error(grantCoverage.message());
        }
    }

    @Override
    public Map<String, String> getOperationalInfo() {
        Map<String, String> info = new LinkedHashMap<>();
        Compatibility.ofRunningServer().status().forEach((key, value) -> info.put(key, String.valueOf(value)));
        info.put(FamilyCap.OPTION, Integer.toString(familyCap));
        if (grantCoverage != null) {
            grantCoverage.status().forEach((key, value) -> info.put("grantTypes." + key, String.join(" ", value)));
        }
        return info;
    }

    @Override
    public void close() {
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }
}
