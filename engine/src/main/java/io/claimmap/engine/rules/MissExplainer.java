package io.claimmap.engine.rules;

import io.claimmap.engine.facts.Claim;
import io.claimmap.engine.facts.Token;
import io.claimmap.engine.result.RuleTrace;
import org.drools.drl.ast.descr.AndDescr;
import org.drools.drl.ast.descr.BaseDescr;
import org.drools.drl.ast.descr.ExistsDescr;
import org.drools.drl.ast.descr.ExprConstraintDescr;
import org.drools.drl.ast.descr.NotDescr;
import org.drools.drl.ast.descr.OrDescr;
import org.drools.drl.ast.descr.PackageDescr;
import org.drools.drl.ast.descr.PatternDescr;
import org.drools.drl.ast.descr.RuleDescr;
import org.drools.drl.parser.DrlParser;
import org.drools.drl.parser.DroolsParserException;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Explains why user rules did not fire ({@code --explain}, {@code claimmap test} failures): reads the rules' DRL again,
 * walks each rule's conditions in order over the facts, and names the first condition no fact satisfied, with the
 * nearest value ({@code Token( issuer == "https://acme.eu.auth0.com" )}: the token's issuer is
 * "https://acme.eu.auth0.com/"). Conditions it cannot model (static calls, {@code eval}, {@code from}, accumulates)
 * count as satisfied: it blames only what it can show. Thread-safe; the DRL is parsed once, on first use.
 */
final class MissExplainer {
    private final List<RuleSource> sources;
    private volatile List<UserRule> rules;
    private volatile Set<String> inRuleSet;

    /** A user rule as written: its pack (the DRL package) and its conditions; {@code key} is pack NUL name. */
    private record UserRule(String pack, String name, AndDescr lhs, String key) {
        UserRule(String pack, String name, AndDescr lhs) {
            this(pack, name, lhs, MissExplainer.key(pack, name));
        }
    }

    private static String key(String pack, String rule) {
        return pack + "\u0000" + rule;
    }

    MissExplainer(List<RuleSource> sources) {
        this.sources = List.copyOf(sources);
    }

    List<RuleTrace> explain(List<RuleTrace> fired, List<RulePack> packs, Token token, List<Claim> claims) {
        Set<String> firedRules = new HashSet<>();
        fired.forEach(t -> firedRules.add(key(t.pack(), t.rule())));
        Set<String> userRules = inRuleSet;
        if (userRules == null) {
            Set<String> keys = new HashSet<>();
            packs.stream().filter(p -> !p.builtin()).forEach(p -> p.rules().forEach(r -> keys.add(key(p.name(), r))));
            inRuleSet = userRules = Set.copyOf(keys);
        }
        List<RuleTrace> trace = new ArrayList<>(fired);
        Set<String> seen = new HashSet<>();
        for (UserRule rule : rules()) {
            String key = rule.key();
            if (firedRules.contains(key) || !userRules.contains(key) || !seen.add(key)) {
                continue;
            }
            Walk walk = new Walk(token, claims);
            walk.all(rule.lhs().getDescrs());
            trace.add(RuleTrace.notFired(rule.name(), rule.pack(), walk.matched, walk.unmatched));
        }
        return trace;
    }

    private List<UserRule> rules() {
        List<UserRule> parsed = rules;
        if (parsed == null) {
            parsed = new ArrayList<>();
            for (RuleSource source : sources) {
                try {
                    DrlParser parser = new DrlParser();
                    PackageDescr pkg = parser.parse(false, source.drl());
                    if (pkg == null || parser.hasErrors()) {
                        continue;
                    }
                    for (RuleDescr rule : pkg.getRules()) {
                        if (rule.isRule()) {
                            parsed.add(new UserRule(pkg.getName(), rule.getName(), rule.getLhs()));
                        }
                    }
                } catch (DroolsParserException | RuntimeException e) {
                    // It compiled, so it parses; if not, its rules are simply not explained.
                }
            }
            rules = parsed = List.copyOf(parsed);
        }
        return parsed;
    }

    /** One rule's conditions walked in order over the facts, stopping at the first that no fact satisfies. */
    private static final class Walk {
        private final Token token;
        private final List<Claim> claims;
        private final Map<String, Object> bindings = new HashMap<>();
        final List<String> matched = new ArrayList<>();
        String unmatched;

        Walk(Token token, List<Claim> claims) {
            this.token = token;
            this.claims = claims;
        }

        /** Walks a conjunction; false at the first condition no fact satisfies (recorded in {@link #unmatched}). */
        boolean all(List<? extends BaseDescr> conditions) {
            for (BaseDescr condition : conditions) {
                if (!one(condition)) {
                    return false;
                }
            }
            return true;
        }

        private boolean one(BaseDescr condition) {
            if (condition instanceof PatternDescr pattern) {
                return pattern(pattern, "", true);
            }
            if (condition instanceof AndDescr and) {
                return all(and.getDescrs());
            }
            if (condition instanceof ExistsDescr exists && exists.getDescrs().size() == 1
                    && exists.getDescrs().get(0) instanceof PatternDescr pattern) {
                return pattern(pattern, "exists ", false);
            }
            if (condition instanceof NotDescr not && not.getDescrs().size() == 1
                    && not.getDescrs().get(0) instanceof PatternDescr pattern) {
                return absent(pattern);
            }
            if (condition instanceof OrDescr or) {
                String first = null;
                for (BaseDescr branch : or.getDescrs()) {
                    Walk attempt = new Walk(token, claims);
                    attempt.bindings.putAll(bindings);
                    if (attempt.one(branch)) {
                        bindings.putAll(attempt.bindings);
                        matched.addAll(attempt.matched);
                        return true;
                    }
                    first = first == null ? attempt.unmatched : first;
                }
                unmatched = "none of the alternatives of an or: " + first;
                return false;
            }
            return true; // eval, from, accumulate, forall: not modelled, so never blamed
        }

        private List<?> candidates(PatternDescr pattern) {
            String type = simpleName(pattern.getObjectType());
            if (pattern.getSource() != null) {
                return null;
            }
            return switch (type) {
                case "Token" -> List.of(token);
                case "Claim" -> claims;
                default -> null;
            };
        }

        /** A positive pattern (or exists): some fact must satisfy every constraint. */
        private boolean pattern(PatternDescr pattern, String prefix, boolean bind) {
            List<?> facts = candidates(pattern);
            if (facts == null) {
                return true;
            }
            List<Condition> conditions = conditions(pattern);
            Nearest nearest = null;
            for (Object fact : facts) {
                Map<String, Object> trial = new HashMap<>(bindings);
                int passed = 0;
                Condition.Evaluated failure = null;
                for (Condition condition : conditions) {
                    Condition.Evaluated outcome = condition.evaluate(fact, trial);
                    if (outcome.result() == Condition.Result.FALSE) {
                        failure = outcome;
                        break;
                    }
                    passed++;
                }
                if (failure == null) {
                    if (bind) {
                        bindings.putAll(trial);
                        if (pattern.getIdentifier() != null) {
                            bindings.put(pattern.getIdentifier(), fact);
                        }
                    }
                    matched.add(String.valueOf(fact));
                    return true;
                }
                Nearest candidate = new Nearest(fact, passed, conditions.get(passed), failure);
                if (nearest == null || candidate.closerThan(nearest)) {
                    nearest = candidate;
                }
            }
            String type = simpleName(pattern.getObjectType());
            if (nearest == null) {
                unmatched = prefix + type + "( " + joined(conditions) + " ): no " + type + " fact";
            } else {
                unmatched = prefix + type + "( " + nearest.condition.text() + " ): " + nearest.describe();
            }
            return false;
        }

        /** A {@code not} pattern: no fact may satisfy it; blamed only when one certainly does. */
        private boolean absent(PatternDescr pattern) {
            List<?> facts = candidates(pattern);
            if (facts == null) {
                return true;
            }
            List<Condition> conditions = conditions(pattern);
            for (Object fact : facts) {
                Map<String, Object> trial = new HashMap<>(bindings);
                boolean certain = true;
                for (Condition condition : conditions) {
                    Condition.Result result = condition.evaluate(fact, trial).result();
                    if (result != Condition.Result.TRUE) {
                        certain = false;
                        break;
                    }
                }
                if (certain) {
                    unmatched = "not " + simpleName(pattern.getObjectType()) + "( " + joined(conditions) + " ): "
                            + describeFact(fact) + " is there";
                    return false;
                }
            }
            return true;
        }
    }

    /** The fact that came closest to a pattern: the most constraints passed, then the smallest edit distance. */
    private record Nearest(Object fact, int passed, Condition condition, Condition.Evaluated failure) {
        boolean closerThan(Nearest other) {
            if (passed != other.passed) {
                return passed > other.passed;
            }
            return distance() < other.distance();
        }

        private int distance() {
            if (failure.actual() instanceof String a && failure.expected() instanceof String e) {
                return similarity(a, e);
            }
            return Integer.MAX_VALUE;
        }

        /** Whether the nearest value is near enough to be a likely typo, and worth naming. */
        private boolean close() {
            if (failure.actual() instanceof String a && failure.expected() instanceof String e) {
                return similarity(a, e) <= Math.max(3, e.length() / 3);
            }
            return false;
        }

        String describe() {
            String path = failure.path();
            Object actual = failure.actual();
            if (fact instanceof Claim claim) {
                if ("name".equals(path) && passed == 0) {
                    String nearest = close() ? "; the nearest name is " + quote(claim.getName()) : "";
                    return "no claim has that name" + nearest;
                }
                if (path == null) {
                    return "no claim satisfies it; the nearest is the claim " + quote(claim.getName());
                }
                return "the claim " + quote(claim.getName()) + " has " + path + " " + value(actual);
            }
            if (fact instanceof Token) {
                if (path == null) {
                    return "the token does not satisfy it";
                }
                return actual == null ? "the token has no " + path : "the token's " + path + " is " + value(actual);
            }
            return path == null ? "no fact satisfies it" : "the nearest fact's " + path + " is " + value(actual);
        }
    }

    private static String describeFact(Object fact) {
        if (fact instanceof Claim claim) {
            return "the claim " + quote(claim.getName()) + " (" + quote(claim.getValue()) + ")";
        }
        return fact instanceof Token ? "the token" : "a fact";
    }

    /** Parsed once per pattern of the rule set (patterns are kept for the rule set's lifetime). */
    private static final Map<PatternDescr, List<Condition>> PARSED = java.util.Collections.synchronizedMap(new java.util.WeakHashMap<>());

    private static List<Condition> conditions(PatternDescr pattern) {
        List<Condition> cached = PARSED.get(pattern);
        if (cached == null) {
            cached = parse(pattern);
            PARSED.put(pattern, cached);
        }
        return cached;
    }

    private static List<Condition> parse(PatternDescr pattern) {
        List<Condition> conditions = new ArrayList<>();
        for (BaseDescr descr : pattern.getDescrs()) {
            if (descr instanceof ExprConstraintDescr expr) {
                conditions.add(Condition.parse(expr.getExpression()));
            }
        }
        return List.copyOf(conditions);
    }

    private static String joined(List<Condition> conditions) {
        List<String> texts = new ArrayList<>();
        conditions.forEach(c -> texts.add(c.text()));
        return String.join(", ", texts);
    }

    private static String simpleName(String type) {
        return type.substring(type.lastIndexOf('.') + 1);
    }

    private static String value(Object value) {
        if (value instanceof String s) {
            return quote(s);
        }
        if (value instanceof List<?> list) {
            List<String> items = new ArrayList<>();
            list.forEach(item -> items.add(value(item)));
            return "[" + String.join(", ", items) + "]";
        }
        return String.valueOf(value);
    }

    /** A value in double quotes with control characters, line breaks and bidirectional controls escaped. */
    static String quote(String text) {
        boolean plain = true;
        for (int i = 0; i < text.length() && plain; i++) {
            char c = text.charAt(i);
            plain = c >= 0x20 && c < 0x7f && c != '"' && c != '\\';
        }
        if (plain) {
            return '"' + text + '"';
        }
        StringBuilder out = new StringBuilder(text.length() + 2).append('"');
        text.codePoints().forEach(c -> {
            if (c == '"' || c == '\\') {
                out.append('\\').appendCodePoint(c);
            } else if (c < 0x20 || c == 0x7f || c >= 0x80 && c < 0xa0 || c >= 0x200b && c <= 0x200f
                    || c >= 0x202a && c <= 0x202e || c >= 0x2066 && c <= 0x2069 || c == 0x2028 || c == 0x2029
                    || c == 0xfeff) {
                out.append(String.format("\\u%04x", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        return out.append('"').toString();
    }

    /** 0 when one contains the other (ignoring case: a namespaced claim, a missing slash), else the edit distance. */
    static int similarity(String actual, String expected) {
        String a = actual.toLowerCase(java.util.Locale.ROOT);
        String e = expected.toLowerCase(java.util.Locale.ROOT);
        return a.contains(e) || e.contains(a) ? Math.abs(a.length() - e.length()) / 1000 : DidYouMean.distance(a, e);
    }

}
