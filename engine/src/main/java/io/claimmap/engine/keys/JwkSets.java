package io.claimmap.engine.keys;

import com.nimbusds.jose.jwk.JWK;
import io.claimmap.engine.input.MalformedInputException;
import io.claimmap.engine.input.StrictJson;

import java.text.ParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads a JWK Set key by key: one broken key (an unknown curve, a bad modulus) must not take the good ones down
 * with it, as it does with nimbus' JWKSet.parse.
 */
public final class JwkSets {
    /** The usable keys, and a sentence for each key that could not be read. */
    public record Parsed(List<JWK> keys, List<String> problems) {
    }

    private JwkSets() {
    }

    public static Parsed parse(String json, String what) throws MalformedInputException {
        Map<String, Object> set = StrictJson.parseObject(json, what);
        if (!(set.get("keys") instanceof List<?> entries)) {
            throw new MalformedInputException(what + " has no \"keys\" array, so it is not a JWK Set");
        }
        List<JWK> keys = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            Object entry = entries.get(i);
            String name = "key #" + (i + 1) + (entry instanceof Map<?, ?> m && m.get("kid") instanceof String kid ? " (kid \"" + kid + "\")" : "");
            if (!(entry instanceof Map<?, ?> map)) {
                problems.add(name + " is not a JSON object");
                continue;
            }
            try {
                @SuppressWarnings("unchecked")
                Map<String, Object> members = (Map<String, Object>) map;
                keys.add(JWK.parse(members));
            } catch (ParseException | RuntimeException e) {
                problems.add(name + " cannot be used: " + e.getMessage());
            }
        }
        return new Parsed(List.copyOf(keys), List.copyOf(problems));
    }
}
