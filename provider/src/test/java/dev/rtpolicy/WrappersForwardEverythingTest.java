package dev.rtpolicy;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.keycloak.models.ClientSessionContext;
import org.keycloak.protocol.oidc.grants.OAuth2GrantType;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The wrappers stand in for Keycloak's own objects, so every method of the interface they implement must be theirs: a
 * method Keycloak adds with a default body in a patch release would otherwise answer with the interface's default
 * instead of the wrapped object's answer, silently. Runs against each line's Keycloak.
 */
class WrappersForwardEverythingTest {

    @Test
    void grantWrapperWhenCompiledAgainstThisLineThenDeclaresEveryMethodOfTheGrantInterface() throws Exception {
        assertEquals(List.of(), inheritedDefaults(Class.forName("dev.rtpolicy.grant.PolicyGrantType"), OAuth2GrantType.class));
    }

    @Test
    void narrowedContextWhenCompiledAgainstThisLineThenDeclaresEveryMethodOfTheClientSessionContext() throws Exception {
        assertEquals(List.of(), inheritedDefaults(Class.forName("dev.rtpolicy.refresh.NarrowedClientSessionContext"), ClientSessionContext.class));
    }

    private static List<String> inheritedDefaults(Class<?> wrapper, Class<?> api) throws NoSuchMethodException {
        List<String> inherited = new ArrayList<>();
        for (Method method : api.getMethods()) {
            if (Modifier.isStatic(method.getModifiers())) {
                continue;
            }
            Method implementation = wrapper.getMethod(method.getName(), method.getParameterTypes());
            if (implementation.getDeclaringClass().isInterface()) {
                inherited.add(method.getName());
            }
        }
        return inherited;
    }
}
