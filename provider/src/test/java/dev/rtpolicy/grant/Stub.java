package dev.rtpolicy.grant;

import java.lang.reflect.Array;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * A hand-written stand-in for one of Keycloak's model interfaces: the methods it is told about answer as told (by
 * name, whatever the arguments), every other one answers a neutral value (null, false, 0, an empty stream or
 * collection).
 */
final class Stub implements InvocationHandler {

    private final Map<String, Function<Object[], Object>> answers = new HashMap<>();

    private Stub() {
    }

    static <T> T of(Class<T> type) {
        return of(type, Map.of());
    }

    static <T> T of(Class<T> type, Map<String, Function<Object[], Object>> answers) {
        Stub stub = new Stub();
        stub.answers.putAll(answers);
        return type.cast(Proxy.newProxyInstance(Stub.class.getClassLoader(), new Class<?>[] {type}, stub));
    }

    /** An answer that ignores the arguments. */
    static Function<Object[], Object> returns(Object value) {
        return args -> value;
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) {
        switch (method.getName()) {
            case "equals":
                return proxy == args[0];
            case "hashCode":
                return System.identityHashCode(proxy);
            case "toString":
                return "Stub(" + proxy.getClass().getInterfaces()[0].getSimpleName() + ")";
            default:
                break;
        }
        Function<Object[], Object> answer = answers.get(method.getName());
        return answer != null ? answer.apply(args) : neutral(method.getReturnType());
    }

    private static Object neutral(Class<?> type) {
        if (type == void.class) {
            return null;
        }
        if (type.isPrimitive()) {
            // false, 0, 0L, …: the element of a fresh one-element array
            return Array.get(Array.newInstance(type, 1), 0);
        }
        if (type == Stream.class) {
            return Stream.empty();
        }
        if (type == Optional.class) {
            return Optional.empty();
        }
        if (type == Set.class) {
            return Set.of();
        }
        if (type == List.class) {
            return List.of();
        }
        if (type == Map.class) {
            return Map.of();
        }
        return null;
    }
}
