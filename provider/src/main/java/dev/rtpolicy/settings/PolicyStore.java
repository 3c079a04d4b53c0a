package dev.rtpolicy.settings;

import org.keycloak.provider.Provider;

/**
 * Marker type of the realm component that holds a realm's refresh-token policy. A component (not a realm attribute)
 * because Keycloak deletes unlisted realm attributes on a realm update, while components survive it and travel with
 * realm export and import.
 */
public interface PolicyStore extends Provider {
}
