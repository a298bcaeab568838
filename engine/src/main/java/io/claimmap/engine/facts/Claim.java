package io.claimmap.engine.facts;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * One claim (JWT) or attribute (SAML), inserted as a fact: {@code Claim( name == "department", $dept : value )}.
 * Nested JSON objects become dotted names ({@code address.locality}).
 */
public final class Claim {
    private final String name;
    private final String value;
    private final List<String> values;

    public Claim(String name, List<String> values) {
        this.name = name;
        this.values = List.copyOf(values);
        // Most claims have one value: it is the text as it is (String.join would copy it).
        this.value = this.values.size() == 1 ? this.values.get(0) : String.join(" ", this.values);
    }

    public String getName() {
        return name;
    }

    /** The value as text; a multi-valued claim's values joined with single spaces. */
    public String getValue() {
        return value;
    }

    /** Every value, one entry for a single-valued claim. */
    public List<String> getValues() {
        return values;
    }

    /** Flattens a JSON claims object into claim facts. */
    public static List<Claim> fromClaims(Map<String, Object> claims) {
        List<Claim> facts = new ArrayList<>();
        flatten("", claims, facts);
        return facts;
    }

    private static void flatten(String prefix, Map<?, ?> object, List<Claim> out) {
        for (Map.Entry<?, ?> entry : object.entrySet()) {
            String name = prefix.isEmpty() ? String.valueOf(entry.getKey()) : prefix + entry.getKey();
            Object value = entry.getValue();
            if (value instanceof Map<?, ?> nested) {
                flatten(name + ".", nested, out);
            } else if (value != null) {
                out.add(new Claim(name, textValues(value)));
            }
        }
    }

    static String text(Object value) {
        return String.join(" ", textValues(value));
    }

    private static List<String> textValues(Object value) {
        if (value instanceof Collection<?> list) {
            List<String> texts = new ArrayList<>(list.size());
            for (Object item : list) {
                if (item != null) {
                    texts.add(String.valueOf(item));
                }
            }
            return texts;
        }
        return List.of(String.valueOf(value));
    }

    @Override
    public String toString() {
        return "Claim(" + name + "=" + value + ")";
    }
}
