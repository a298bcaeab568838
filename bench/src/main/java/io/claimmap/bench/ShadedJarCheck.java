package io.claimmap.bench;

import io.claimmap.engine.ValidationRequest;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import io.claimmap.engine.Purpose;
import io.claimmap.engine.result.ValidationResult;
import io.claimmap.engine.rules.RulePack;
import io.claimmap.engine.rules.RuleSet;
import io.claimmap.engine.rules.RuleSource;
import org.kie.api.KieServices;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Run by the build against {@code target/benchmarks.jar}: checks that shading kept what Drools and the engine find
 * at run time (service files, the built-in packs' model list, BouncyCastle's classes), so a benchmark run does not
 * fail half-way. Builds a KieBase from the built-in packs and, given a folder of .drl files, from user rules too.
 */
public final class ShadedJarCheck {
    private ShadedJarCheck() {
    }

    public static void main(String[] args) throws Exception {
        if (KieServices.Factory.get() == null) {
            throw new IllegalStateException("KieServices not found: META-INF/services was not merged");
        }
        Fixtures fixtures = new Fixtures();
        RuleSet builtin = fixtures.rules(List.of());
        requirePacks(builtin, "oidc", "salesforce", "qm");
        for (JWK key : List.of(rsaKey(args), Fixtures.ecKey())) {
            ValidationResult result = fixtures.validator(fixtures.jwksFile(key), builtin)
                    .validate(ValidationRequest.of(fixtures.sign(key), Purpose.MESSAGING, fixtures.now, false));
            Fixtures.requireValid(result, "claimmap " + key.getAlgorithm());
        }
        String user = "";
        if (args.length > 0) {
            List<RuleSource> sources = RuleSource.read(Path.of(args[0]));
            RuleSet withUser = fixtures.rules(sources);
            requirePacks(withUser, "oidc", "acme.rules");
            user = ", " + sources.size() + " user rule file(s) compiled";
        }
        System.out.println("benchmarks.jar: KieBase built from the built-in packs" + user
                + "; RS256 and ES256 tokens validate");
    }

    /**
     * Given the examples' rules folder, the examples' Salesforce key (examples/keys), as the build runs it: an RSA key
     * made here would cost the check most of its time (a C1-only JVM); else a fresh one, as the benchmarks use.
     */
    private static JWK rsaKey(String[] args) throws Exception {
        if (args.length > 0) {
            Path key = Path.of(args[0]).resolveSibling("keys").resolve("salesforce-sf-242.private.jwk.json");
            if (Files.isRegularFile(key)) {
                return new RSAKey.Builder(RSAKey.parse(Files.readString(key))).algorithm(JWSAlgorithm.RS256).build();
            }
        }
        return Fixtures.rsaKey();
    }

    private static void requirePacks(RuleSet rules, String... names) {
        List<String> present = rules.packs().stream().map(RulePack::name).toList();
        for (String name : names) {
            if (!present.contains(name)) {
                throw new IllegalStateException("rule pack " + name + " missing from the KieBase; packs: " + present);
            }
        }
    }
}
