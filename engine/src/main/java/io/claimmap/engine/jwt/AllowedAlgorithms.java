package io.claimmap.engine.jwt;

import com.nimbusds.jose.JWSAlgorithm;

import java.util.Locale;
import java.util.Set;

/** The signature algorithms claimmap verifies: the RSA, RSA-PSS and ECDSA families. Nothing else, ever. */
public final class AllowedAlgorithms {
    static final Set<JWSAlgorithm> ALLOWED = Set.of(
            JWSAlgorithm.RS256, JWSAlgorithm.RS384, JWSAlgorithm.RS512,
            JWSAlgorithm.PS256, JWSAlgorithm.PS384, JWSAlgorithm.PS512,
            JWSAlgorithm.ES256, JWSAlgorithm.ES384, JWSAlgorithm.ES512);

    private AllowedAlgorithms() {
    }

    /** Why {@code alg} is refused, or null if it is allowed. */
    public static String refusal(String alg) {
        if (alg.toLowerCase(Locale.ROOT).equals("none")) {
            return "the token is unsigned (alg \"" + alg + "\"): anyone could have written it";
        }
        if (alg.startsWith("HS")) {
            return "the token uses " + alg + ", an HMAC algorithm, and no shared secret is configured; a public key is "
                    + "never used as an HMAC secret";
        }
        if (!ALLOWED.contains(JWSAlgorithm.parse(alg))) {
            return "the token uses " + alg + ", outside the allow-list (RS256/384/512, PS256/384/512, ES256/384/512)";
        }
        return null;
    }
}
