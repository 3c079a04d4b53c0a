package dev.rtpolicy.refresh;

import java.util.function.LongSupplier;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class RefreshTokenExpiryTest {

    private static final long IAT = 1_000_000;
    private static final LongSupplier NOT_ASKED = () -> {
        throw new AssertionError("the session maximum only matters for a token that is not rotated");
    };

    @Test
    void rotatedTokenWithoutLifetimeKeepsKeycloaksSessionDerivedExpiry() {
        assertEquals(IAT + 1800, RefreshTokenExpiry.of(IAT + 1800, true, false, NOT_ASKED, IAT, -1));
    }

    @Test
    void rotatedTokenWithLifetimeGetsTheSmallerOfBoth() {
        assertEquals(IAT + 600, RefreshTokenExpiry.of(IAT + 1800, true, false, NOT_ASKED, IAT, 600));
        assertEquals(IAT + 1800, RefreshTokenExpiry.of(IAT + 1800, true, false, NOT_ASKED, IAT, 3600), "never outlives its session");
    }

    @Test
    void tokenNotRotatedLivesToTheSessionMaximumCappedByTheLifetime() {
        assertEquals(IAT + 36_000, RefreshTokenExpiry.of(IAT + 1800, false, false, () -> IAT + 36_000, IAT, -1));
        assertEquals(IAT + 7200, RefreshTokenExpiry.of(IAT + 1800, false, false, () -> IAT + 36_000, IAT, 7200));
    }

    @Test
    void offlineTokenWithoutSessionMaximumHasNoExpiryUnlessALifetimeIsSet() {
        assertNull(RefreshTokenExpiry.of(null, true, true, NOT_ASKED, IAT, -1));
        assertNull(RefreshTokenExpiry.of(IAT + 99, false, true, () -> 0, IAT, -1), "Offline Session Max Limited off: Keycloak's own rule");
        assertEquals(IAT + 86_400, RefreshTokenExpiry.of(null, true, true, NOT_ASKED, IAT, 86_400));
        assertEquals(IAT + 86_400, RefreshTokenExpiry.of(0L, false, true, () -> 0, IAT, 86_400));
    }

    @Test
    void onlineTokenNotRotatedWithoutSessionMaximumKeepsKeycloaksExpiry() {
        assertEquals(IAT + 1800, RefreshTokenExpiry.of(IAT + 1800, false, false, () -> 0, IAT, -1));
    }
}
