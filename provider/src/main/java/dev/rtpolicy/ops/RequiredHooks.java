package dev.rtpolicy.ops;

import java.util.ArrayList;
import java.util.List;

/**
 * The internal Keycloak classes and methods the extension calls or overrides: those of every line ({@link CommonHooks}),
 * of the line's adapter ({@code AdapterHooks} in {@code src/spi} or {@code src/legacy}), and the line's own and the
 * shim generations it shares ({@link LineHooks} in {@code src/kc<line>}). Checked by reflection at start-up, so that
 * a Keycloak without them fails to start with one clear message instead of failing at request time, and a patch release that renames an overridden method cannot silently bypass
 * the policy ({@code @Override} is checked by the compiler only).
 */
final class RequiredHooks {

    private RequiredHooks() {
    }

    static List<String> missing() {
        List<String[]> hooks = new ArrayList<>(List.of(CommonHooks.METHODS));
        hooks.addAll(List.of(AdapterHooks.METHODS));
        for (String[][] list : LineHooks.LISTS) {
            hooks.addAll(List.of(list));
        }
        List<String> missing = new ArrayList<>();
        for (String[] hook : hooks) {
            if (!exists(hook)) {
                missing.add(hook[0].substring(hook[0].lastIndexOf('.') + 1) + "." + hook[1] + "()");
            }
        }
        return missing;
    }

    private static boolean exists(String[] hook) {
        try {
            ClassLoader loader = RequiredHooks.class.getClassLoader();
            Class<?> type = Class.forName(hook[0], false, loader);
            Class<?>[] parameters = new Class<?>[hook.length - 2];
            for (int i = 2; i < hook.length; i++) {
                parameters[i - 2] = primitive(hook[i]) != null ? primitive(hook[i]) : Class.forName(hook[i], false, loader);
            }
            type.getDeclaredMethod(hook[1], parameters);
            return true;
        } catch (ClassNotFoundException | NoSuchMethodException | LinkageError e) {
            return false;
        }
    }

    private static Class<?> primitive(String name) {
        switch (name) {
            case "long":
                return long.class;
            case "boolean":
                return boolean.class;
            default:
                return null;
        }
    }
}
