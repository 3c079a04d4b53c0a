package dev.rtpolicy.console;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.keycloak.component.ComponentModel;
import org.keycloak.component.ComponentValidationException;
import org.keycloak.provider.ProviderConfigProperty;

import dev.rtpolicy.settings.PolicyField;
import dev.rtpolicy.settings.RefreshTokenPolicySettings;
import dev.rtpolicy.settings.ReuseResponse;

/** The console's form fields for the policy fields, and their parsing; labels and help texts are message keys. */
final class ConsoleForms {

    /** The per-client page's word for "no override"; a blank value means the same. */
    static final String INHERIT = "inherit";

    private ConsoleForms() {
    }

    /** A realm field: its value, defaulting to the field's default. */
    static ProviderConfigProperty realmProperty(PolicyField field) {
        ProviderConfigProperty property = labelled(field.key());
        property.setDefaultValue(field.defaultValue());
        switch (field.kind()) {
            case BOOLEAN:
                property.setType(ProviderConfigProperty.BOOLEAN_TYPE);
                break;
            case REUSE_RESPONSE:
                property.setType(ProviderConfigProperty.LIST_TYPE);
                property.setOptions(reuseResponses());
                break;
            default:
                // text, not Integer: the console's Integer editor accepts digits only, and -1 is a valid lifetime
                property.setType(ProviderConfigProperty.STRING_TYPE);
        }
        return property;
    }

    /** A client override: "inherit" or a value. */
    static ProviderConfigProperty clientProperty(PolicyField field) {
        ProviderConfigProperty property = labelled(field.key());
        property.setHelpText("rtp.client." + field.key() + ".help");
        property.setDefaultValue(INHERIT);
        switch (field.kind()) {
            case BOOLEAN:
                property.setType(ProviderConfigProperty.LIST_TYPE);
                property.setOptions(List.of(INHERIT, "true", "false"));
                break;
            case REUSE_RESPONSE:
                List<String> options = new ArrayList<>(List.of(INHERIT));
                options.addAll(reuseResponses());
                property.setType(ProviderConfigProperty.LIST_TYPE);
                property.setOptions(options);
                break;
            default:
                property.setType(ProviderConfigProperty.STRING_TYPE);
        }
        return property;
    }

    static ProviderConfigProperty labelled(String name) {
        ProviderConfigProperty property = new ProviderConfigProperty();
        property.setName(name);
        property.setLabel("rtp." + name + ".label");
        property.setHelpText("rtp." + name + ".help");
        return property;
    }

    /**
     * The form's values of {@code fields} as validated changes; blank or "inherit" means "not set".
     *
     * @throws ComponentValidationException with the first invalid field's message; the console shows it
     */
    static Map<PolicyField, Optional<String>> changes(ComponentModel form, List<PolicyField> fields) {
        Map<PolicyField, Optional<String>> changes = new EnumMap<>(PolicyField.class);
        for (PolicyField field : fields) {
            String value = form.get(field.key());
            try {
                changes.put(field, value == null || value.isBlank() || value.trim().equals(INHERIT) ? Optional.empty() : Optional.of(field.parseText(value)));
            } catch (IllegalArgumentException e) {
                throw new ComponentValidationException(e.getMessage());
            }
        }
        return changes;
    }

    /** Changes that remove every override of a client. */
    static Map<PolicyField, Optional<String>> inheritAll() {
        Map<PolicyField, Optional<String>> changes = new EnumMap<>(PolicyField.class);
        PolicyField.clientOverridableFields().forEach(field -> changes.put(field, Optional.empty()));
        return changes;
    }

    /** The client's overrides as the per-client page shows them. */
    static void putClientOverrides(ComponentModel form, RefreshTokenPolicySettings settings) {
        settings.clientJson().forEach((key, value) -> {
            if (PolicyField.byKey(key).isPresent()) {
                form.getConfig().putSingle(key, value == null ? INHERIT : String.valueOf(value));
            }
        });
    }

    /** One line per setting: {@code name: value (source)}, the same data as the {@code effective} endpoint. */
    static String describeEffective(RefreshTokenPolicySettings settings) {
        StringBuilder text = new StringBuilder();
        settings.effective().forEach((key, effective) -> {
            text.append(key).append(": ").append(effective.value()).append(" (").append(effective.source().json());
            if (effective.rule() != null) {
                text.append(": ").append(effective.rule());
            }
            text.append(")\n");
        });
        return text.toString().stripTrailing();
    }

    private static List<String> reuseResponses() {
        return Arrays.stream(ReuseResponse.values()).map(ReuseResponse::value).toList();
    }
}
