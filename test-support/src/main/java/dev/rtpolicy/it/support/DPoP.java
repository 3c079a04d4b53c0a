package dev.rtpolicy.it.support;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonProcessingException;

/** An RFC 9449 DPoP key of one client instance, making proofs (ES256) for token requests. */
public final class DPoP {

    private final KeyPair keyPair;

    private DPoP(KeyPair keyPair) {
        this.keyPair = keyPair;
    }

    public static DPoP newKey() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return new DPoP(generator.generateKeyPair());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public String proof(String method, String url) {
        ECPublicKey key = (ECPublicKey) keyPair.getPublic();
        Map<String, Object> jwk = new LinkedHashMap<>();
        jwk.put("kty", "EC");
        jwk.put("crv", "P-256");
        jwk.put("x", base64(unsigned(key.getW().getAffineX())));
        jwk.put("y", base64(unsigned(key.getW().getAffineY())));
        Map<String, Object> header = Map.of("typ", "dpop+jwt", "alg", "ES256", "jwk", jwk);
        Map<String, Object> claims = Map.of("jti", UUID.randomUUID().toString(), "htm", method, "htu", url, "iat", System.currentTimeMillis() / 1000);
        try {
            String signingInput = base64(Http.JSON.writeValueAsBytes(header)) + "." + base64(Http.JSON.writeValueAsBytes(claims));
            Signature signature = Signature.getInstance("SHA256withECDSAinP1363Format");
            signature.initSign(keyPair.getPrivate());
            signature.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + base64(signature.sign());
        } catch (GeneralSecurityException | JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] unsigned(BigInteger value) {
        byte[] bytes = value.toByteArray();
        if (bytes.length == 33) {
            return Arrays.copyOfRange(bytes, 1, 33);
        }
        byte[] padded = new byte[32];
        System.arraycopy(bytes, 0, padded, 32 - bytes.length, bytes.length);
        return padded;
    }

    private static String base64(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
