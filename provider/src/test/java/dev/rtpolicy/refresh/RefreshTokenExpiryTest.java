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

    // ---- authorization lifetime and the response's parameters ---------------------------------------------------------

    @Test
    void familyEndIsStartPlusLifetimeRoundedDownOrNone() {
        assertEquals(IAT + 60, RefreshTokenExpiry.familyEnd(IAT * 1000, 60));
        assertEquals(IAT + 60, RefreshTokenExpiry.familyEnd(IAT * 1000 + 999, 60), "no exp may pass the end");
        assertNull(RefreshTokenExpiry.familyEnd(IAT * 1000, -1));
        assertEquals(0, RefreshTokenExpiry.familyEndMillis(IAT * 1000, -1));
        assertEquals(IAT * 1000 + 60_000, RefreshTokenExpiry.familyEndMillis(IAT * 1000, 60));
    }

    @Test
    void everyTokenOfAFamilyIsCappedAtItsEndOnlineOfflineRotatedOrNot() {
        Long end = IAT + 100;

        assertEquals(end, RefreshTokenExpiry.of(IAT + 1800, true, false, NOT_ASKED, IAT, -1, end), "rotation never extends it");
        assertEquals(end, RefreshTokenExpiry.of(IAT + 1800, false, false, () -> IAT + 36_000, IAT, -1, end));
        assertEquals(end, RefreshTokenExpiry.of(null, true, true, NOT_ASKED, IAT, -1, end), "an offline token without exp gets one");
        assertEquals(IAT + 50, RefreshTokenExpiry.of(IAT + 1800, true, false, NOT_ASKED, IAT, 50, end), "a shorter lifetime still wins");
        assertEquals(IAT + 1800, RefreshTokenExpiry.of(IAT + 1800, true, false, NOT_ASKED, IAT, -1, null));
    }

    @Test
    void authorizationEndIsTheSoonerOfFamilyEndAndSessionMaximum() {
        assertEquals(IAT + 100, RefreshTokenExpiry.authorizationEnd(IAT + 100, IAT + 36_000));
        assertEquals(IAT + 36_000, RefreshTokenExpiry.authorizationEnd(IAT + 90_000, IAT + 36_000));
        assertEquals(IAT + 36_000, RefreshTokenExpiry.authorizationEnd(null, IAT + 36_000));
        assertEquals(IAT + 100, RefreshTokenExpiry.authorizationEnd(IAT + 100, 0), "offline without a maximum");
        assertNull(RefreshTokenExpiry.authorizationEnd(null, 0), "unbounded: the parameter is omitted");
    }

    @Test
    void timeoutEndIsTheSoonerOfExpAndIdleEnd() {
        assertEquals(IAT + 1800, RefreshTokenExpiry.timeoutEnd(IAT + 1800, IAT + 1800));
        assertEquals(IAT + 1800, RefreshTokenExpiry.timeoutEnd(IAT + 36_000, IAT + 1800), "a token not rotated still dies with an idle session");
        assertEquals(IAT + 600, RefreshTokenExpiry.timeoutEnd(IAT + 600, IAT + 1800));
        assertEquals(IAT + 2_592_000, RefreshTokenExpiry.timeoutEnd(null, IAT + 2_592_000), "offline without exp: its idle timeout");
        assertNull(RefreshTokenExpiry.timeoutEnd(null, 0));
    }

    @Test
    void secondsFromNowNeverNegativeAndNullWhenUnbounded() {
        assertEquals(30, TokenResponseExpiry.secondsFrom(IAT, IAT + 30));
        assertEquals(0, TokenResponseExpiry.secondsFrom(IAT, IAT - 5));
        assertNull(TokenResponseExpiry.secondsFrom(IAT, null));
    }

    @Test
    void responseSecondWhenTokenMintedThenKeycloaksOwnSecondSoBothTimeoutsAgree() {
        TokenResponseExpiry minted = new TokenResponseExpiry(IAT + 1800, null, false, IAT + 1800);

        long second = minted.responseSecond(1800, IAT + 1);

        assertEquals(IAT, second, "Keycloak read the clock at IAT, the extension a second later");
        assertEquals(1800, TokenResponseExpiry.secondsFrom(second, minted.timeoutEnd()), "refresh_token_timeout equals refresh_expires_in");
    }

    @Test
    void responseSecondWhenNothingToCountFromOrImplausibleThenNow() {
        assertEquals(IAT, new TokenResponseExpiry(IAT + 1800, null, true, null).responseSecond(1800, IAT), "the presented token kept");
        TokenResponseExpiry minted = new TokenResponseExpiry(IAT + 1800, null, false, IAT + 1800);
        assertEquals(IAT + 3, minted.responseSecond(0, IAT + 3), "Keycloak gave no refresh_expires_in");
        assertEquals(IAT, minted.responseSecond(1700, IAT), "a second in the future");
        assertEquals(IAT + 500, minted.responseSecond(1800, IAT + 500), "a second long past");
    }
}
