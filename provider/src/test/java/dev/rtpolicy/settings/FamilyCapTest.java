package dev.rtpolicy.settings;

import java.lang.reflect.Proxy;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.keycloak.Config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FamilyCapTest {

    @Test
    void readWhenOptionNotSetThenHundred() {
        assertEquals(100, FamilyCap.read(scope(Map.of())));
    }

    @Test
    void readWhenOptionSetThenItsValue() {
        assertEquals(3, FamilyCap.read(scope(Map.of(FamilyCap.OPTION, "3"))));
        assertEquals(1, FamilyCap.read(scope(Map.of(FamilyCap.OPTION, " 1 "))));
    }

    @Test
    void readWhenNotAWholeNumberOfAtLeastOneThenStartUpFailsNamingTheOption() {
        for (String bad : new String[] {"0", "-5", "many", "2.5", "99999999999"}) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> FamilyCap.read(scope(Map.of(FamilyCap.OPTION, bad))), bad);
            assertTrue(e.getMessage().contains("max-families-per-client-session"), e.getMessage());
        }
    }

    private static Config.Scope scope(Map<String, String> values) {
        return (Config.Scope) Proxy.newProxyInstance(FamilyCapTest.class.getClassLoader(), new Class<?>[] {Config.Scope.class},
                (proxy, method, args) -> method.getName().equals("get") && args.length == 1 ? values.get((String) args[0]) : null);
    }
}
