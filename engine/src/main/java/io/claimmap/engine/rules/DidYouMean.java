package io.claimmap.engine.rules;

import io.claimmap.engine.facts.Claim;
import io.claimmap.engine.facts.Contact;
import io.claimmap.engine.facts.Contacts;
import io.claimmap.engine.facts.Findings;
import io.claimmap.engine.facts.MappingDraft;
import io.claimmap.engine.facts.Token;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * "Did you mean" for compile errors about a misspelt name: a property of a fact ({@code nam} for {@code name}), a
 * method of a global ({@code setExternalID} for {@code setExternalId}), or a global or binding.
 */
final class DidYouMean {
    private static final List<Class<?>> FACT_MODEL = List.of(Token.class, Claim.class, MappingDraft.class, Findings.class,
            Contacts.class, Contact.class);
    private static final Pattern METHOD = Pattern.compile("The method (\\w+)\\([^)]*\\) is undefined for the type (\\w+)");
    private static final Pattern UNRESOLVED = Pattern.compile("(\\$?\\w+) cannot be resolved");
    private static final Pattern LEFT_PART = Pattern.compile("(?:left part of expression|Unknown property|property):?\\s*(\\w+)");
    private static final Pattern GLOBAL = Pattern.compile("\\bglobal\\s+[\\w.]+\\s+(\\w+)");
    private static final Pattern BINDING = Pattern.compile("(\\$\\w+)\\s*:");

    private DidYouMean() {
    }

    /** {@code "; did you mean name?"}, or an empty string when nothing is close enough. */
    static String suggest(String message, String drl) {
        Matcher m = METHOD.matcher(message);
        if (m.find()) {
            return best(m.group(1), methodsOf(m.group(2)));
        }
        m = UNRESOLVED.matcher(message);
        if (m.find()) {
            Set<String> names = new LinkedHashSet<>();
            Matcher g = GLOBAL.matcher(drl);
            while (g.find()) {
                names.add(g.group(1));
            }
            Matcher b = BINDING.matcher(drl);
            while (b.find()) {
                names.add(b.group(1));
            }
            names.addAll(List.of("mapping", "findings", "contacts"));
            return best(m.group(1), names);
        }
        m = LEFT_PART.matcher(message);
        if (m.find()) {
            Set<String> properties = new LinkedHashSet<>();
            for (Class<?> type : List.of(Token.class, Claim.class)) {
                properties.addAll(propertiesOf(type));
            }
            return best(m.group(1), properties);
        }
        return "";
    }

    private static Set<String> methodsOf(String simpleName) {
        Set<String> names = new LinkedHashSet<>();
        for (Class<?> type : FACT_MODEL) {
            if (type.getSimpleName().equals(simpleName)) {
                for (Method method : type.getMethods()) {
                    if (method.getDeclaringClass() != Object.class && !Modifier.isStatic(method.getModifiers())) {
                        names.add(method.getName());
                    }
                }
            }
        }
        return names;
    }

    private static List<String> propertiesOf(Class<?> type) {
        List<String> names = new ArrayList<>();
        for (Method method : type.getMethods()) {
            String name = method.getName();
            if (method.getDeclaringClass() == Object.class || Modifier.isStatic(method.getModifiers())) {
                continue;
            }
            if (name.startsWith("get") && name.length() > 3 && method.getParameterCount() == 0) {
                names.add(Character.toLowerCase(name.charAt(3)) + name.substring(4));
            } else if (name.startsWith("is") && name.length() > 2 && method.getParameterCount() == 0) {
                names.add(Character.toLowerCase(name.charAt(2)) + name.substring(3));
            } else {
                names.add(name);
            }
        }
        return names;
    }

    private static String best(String wrong, Iterable<String> candidates) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : candidates) {
            if (candidate.equals(wrong)) {
                continue;
            }
            int distance = distance(wrong.toLowerCase(Locale.ROOT), candidate.toLowerCase(Locale.ROOT));
            if (wrong.equalsIgnoreCase(candidate)) {
                distance = 0;
            }
            if (distance < bestDistance) {
                bestDistance = distance;
                best = candidate;
            }
        }
        int allowed = Math.max(1, wrong.length() / 3);
        return best != null && bestDistance <= allowed ? "; did you mean " + best + "?" : "";
    }

    /** Levenshtein distance. */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
