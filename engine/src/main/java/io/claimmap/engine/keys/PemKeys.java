package io.claimmap.engine.keys;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;

import java.io.ByteArrayInputStream;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads PEM {@code PUBLIC KEY} and {@code CERTIFICATE} blocks into JWKs with the JDK alone. */
public final class PemKeys {
    private static final Pattern BLOCK = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]+)-----([A-Za-z0-9+/=\\s]*)-----END \\1-----");

    private PemKeys() {
    }

    public static List<JWK> parse(String pem, String what) throws KeyConfigException {
        List<JWK> keys = new ArrayList<>();
        Matcher block = BLOCK.matcher(pem);
        while (block.find()) {
            String type = block.group(1);
            byte[] der;
            try {
                der = Base64.getMimeDecoder().decode(block.group(2));
            } catch (IllegalArgumentException e) {
                throw new KeyConfigException(what + ": the " + type + " block is not valid base64");
            }
            switch (type) {
                case "CERTIFICATE" -> keys.add(fromCertificate(der, what));
                case "PUBLIC KEY" -> keys.add(fromPublicKey(der, what));
                case "PRIVATE KEY", "RSA PRIVATE KEY", "EC PRIVATE KEY" ->
                        throw new KeyConfigException(what + ": holds a private key; give the public key or certificate instead");
                default -> throw new KeyConfigException(what + ": unsupported PEM block " + type
                        + " (expected PUBLIC KEY or CERTIFICATE)");
            }
        }
        if (keys.isEmpty()) {
            throw new KeyConfigException(what + ": not PEM (no -----BEGIN PUBLIC KEY----- or -----BEGIN CERTIFICATE----- block)");
        }
        return keys;
    }

    private static JWK fromCertificate(byte[] der, String what) throws KeyConfigException {
        try {
            X509Certificate certificate = (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(der));
            return certificateKey(certificate);
        } catch (GeneralSecurityException | JOSEException e) {
            throw new KeyConfigException(what + ": the CERTIFICATE block is not a usable X.509 certificate (" + e.getMessage() + ")");
        }
    }

    /**
     * A certificate's key as a JWK that keeps the certificate ({@code x5c}) and has no {@code kid}: PEM files and SAML
     * metadata name none, and nimbus would otherwise make the serial number one, which {@code keys inspect} and
     * {@code validate} would then show as if the IdP had named its key so.
     */
    static JWK certificateKey(X509Certificate certificate) throws JOSEException {
        JWK key = JWK.parse(certificate);
        if (key instanceof RSAKey rsa) {
            return new RSAKey.Builder(rsa).keyID(null).build();
        }
        if (key instanceof ECKey ec) {
            return new ECKey.Builder(ec).keyID(null).build();
        }
        return key;
    }

    private static JWK fromPublicKey(byte[] der, String what) throws KeyConfigException {
        for (String algorithm : new String[]{"RSA", "EC"}) {
            PublicKey key;
            try {
                key = KeyFactory.getInstance(algorithm).generatePublic(new X509EncodedKeySpec(der));
            } catch (GeneralSecurityException e) {
                continue;
            }
            if (key instanceof RSAPublicKey rsa) {
                return new RSAKey.Builder(rsa).build();
            }
            if (key instanceof ECPublicKey ec) {
                Curve curve = Curve.forECParameterSpec(ec.getParams());
                if (curve == null) {
                    throw new KeyConfigException(what + ": the EC public key is on an unsupported curve");
                }
                return new ECKey.Builder(curve, ec).build();
            }
        }
        throw new KeyConfigException(what + ": the PUBLIC KEY block is neither an RSA nor an EC public key");
    }
}
