package dev.rtpolicy.settings;

import java.lang.reflect.Proxy;
import java.util.Map;
import java.util.function.Function;

/** Stand-ins for Keycloak's model interfaces in unit tests. */
final class Fake {

    private Fake() {
    }

    /** An interface whose named methods answer as given; every other method answers null (or false / 0). */
    @SuppressWarnings("unchecked")
    static <T> T of(Class<T> type, Map<String, Function<Object[], Object>> answers) {
        return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> {
            if (method.getName().equals("equals")) {
                return proxy == args[0];
            }
            if (method.getName().equals("hashCode")) {
                return System.identityHashCode(proxy);
            }
            if (method.getName().equals("toString")) {
                return type.getSimpleName();
            }
            if (answers.containsKey(method.getName())) {
                return answers.get(method.getName()).apply(args);
            }
            if (method.getReturnType() == boolean.class) {
                return false;
            }
            return method.getReturnType().isPrimitive() && method.getReturnType() != void.class ? 0 : null;
        });
    }
}
