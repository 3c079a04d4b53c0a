package dev.rtpolicy.ops;

/**
 * The Keycloak 26.7 methods the extension calls or overrides beyond {@link CommonHooks} and {@link AdapterHooks}: see
 * {@link RequiredHooks}.
 */
final class LineHooks {

    static final String[][][] LISTS = {From26dot5Hooks.METHODS, From26dot6Hooks.METHODS};

    private LineHooks() {
    }
}
