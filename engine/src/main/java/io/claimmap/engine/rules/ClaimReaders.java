package io.claimmap.engine.rules;

import io.claimmap.engine.facts.Claim;
import io.claimmap.engine.facts.Token;
import org.drools.base.base.ClassObjectType;
import org.drools.base.definitions.rule.impl.RuleImpl;
import org.drools.base.rule.GroupElement;
import org.drools.base.rule.Pattern;
import org.drools.base.rule.RuleConditionElement;
import org.drools.base.rule.constraint.Constraint;
import org.drools.model.Variable;
import org.drools.model.constraints.SingleConstraint1;
import org.drools.model.functions.Predicate1;
import org.drools.modelcompiler.constraints.LambdaConstraint;
import org.kie.api.KieBase;
import org.kie.api.definition.KiePackage;
import org.kie.api.definition.rule.Rule;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Whether a rule could match a {@link Claim} fact for a given token: the claims are inserted only then. Inserting the
 * claims was half of the built-in packs' time (8 claims: 1.6 of 3.5 µs, docs/PERFORMANCE.md, issue 14), and the
 * built-in rules that read claims (qm) all start with {@code Token( purpose == "agent" )}, so for any other purpose no
 * rule can match them and the session's outcome (firings, mapping, findings, trace) is the same without them.
 *
 * <p>Derived from the compiled rules, not from knowing the packs: every rule with a pattern that could match a Claim
 * (a Claim pattern, or any pattern of a supertype, inside {@code not}, {@code exists}, {@code or} or anywhere else)
 * is a reader; its guard is the alpha constraints of the positive {@code Token} patterns at the top level of its
 * conditions (only the executable model's lambda constraints on the Token alone are understood). A reader without
 * such a guard, or any condition element other than plain patterns and groups, means the claims are always needed.
 * The token of an evaluation needs the claims when it passes every guard constraint of some reader; a constraint
 * that throws counts as passed.
 *
 * <p>This holds only when the rules insert no Token of their own (a Token inserted by a consequence could pass a
 * guard the input's token did not) and no consequence reads the working memory: true of the built-in packs
 * (checked on their sources by {@code BuiltinPacksTest}), the only rule sets it is used for. Immutable.
 */
final class ClaimReaders {
    /** Claims always inserted. */
    static final ClaimReaders ALWAYS = new ClaimReaders(null);

    /** Per reader, the predicates the token must pass for it to match; null: always needed. */
    private final List<List<Predicate1<Object>>> guards;

    private ClaimReaders(List<List<Predicate1<Object>>> guards) {
        this.guards = guards;
    }

    static ClaimReaders of(KieBase kieBase) {
        List<Rule> rules = new ArrayList<>();
        for (KiePackage pkg : kieBase.getKiePackages()) {
            rules.addAll(pkg.getRules());
        }
        return of(rules);
    }

    static ClaimReaders of(Collection<Rule> rules) {
        List<List<Predicate1<Object>>> guards = new ArrayList<>();
        for (Rule rule : rules) {
            if (!(rule instanceof RuleImpl impl) || impl.getLhs() == null) {
                return ALWAYS;
            }
            if (!mayMatchClaims(impl.getLhs())) {
                continue;
            }
            List<Predicate1<Object>> guard = tokenGuard(impl.getLhs());
            if (guard.isEmpty()) {
                return ALWAYS;
            }
            guards.add(guard);
        }
        return new ClaimReaders(List.copyOf(guards));
    }

    /** Whether the claims must be inserted beside this token. */
    boolean needed(Token token) {
        if (guards == null) {
            return true;
        }
        for (List<Predicate1<Object>> guard : guards) {
            if (passes(guard, token)) {
                return true;
            }
        }
        return false;
    }

    /** For tests: whether these are the claims-always readers. */
    boolean always() {
        return guards == null;
    }

    /** For tests: how many rules read claims under a guard. */
    int guardedReaders() {
        return guards == null ? 0 : guards.size();
    }

    private static boolean passes(List<Predicate1<Object>> guard, Token token) {
        for (Predicate1<Object> constraint : guard) {
            try {
                if (!constraint.test(token)) {
                    return false;
                }
            } catch (Exception e) {
                // Drools would have to decide: the claims are inserted
            }
        }
        return true;
    }

    /** Whether any element could match a Claim, or is something else than a plain pattern or group (unknown: yes). */
    private static boolean mayMatchClaims(RuleConditionElement element) {
        if (element instanceof Pattern pattern) {
            if (pattern.getSource() != null || !(pattern.getObjectType() instanceof ClassObjectType type)) {
                return true;
            }
            return type.getClassType().isAssignableFrom(Claim.class);
        }
        if (!(element instanceof GroupElement group)) {
            return true;
        }
        for (RuleConditionElement child : group.getChildren()) {
            if (mayMatchClaims(child)) {
                return true;
            }
        }
        return false;
    }

    /** The lambda alpha constraints on the Token alone of the top-level positive Token patterns. */
    @SuppressWarnings("unchecked")
    private static List<Predicate1<Object>> tokenGuard(GroupElement lhs) {
        List<Predicate1<Object>> guard = new ArrayList<>();
        if (!lhs.isAnd()) {
            return guard;
        }
        for (RuleConditionElement child : lhs.getChildren()) {
            if (!(child instanceof Pattern pattern) || pattern.getSource() != null
                    || !(pattern.getObjectType() instanceof ClassObjectType type) || type.getClassType() != Token.class) {
                continue;
            }
            for (Constraint constraint : pattern.getConstraints()) {
                if (constraint.getType() == Constraint.ConstraintType.ALPHA && constraint instanceof LambdaConstraint lambda
                        && lambda.getEvaluator().getConstraint() instanceof SingleConstraint1<?> single
                        && onTokenAlone(single.getVariables()) && single.getPredicate1() != null) {
                    guard.add((Predicate1<Object>) single.getPredicate1());
                }
            }
        }
        return guard;
    }

    private static boolean onTokenAlone(Variable<?>[] variables) {
        return variables.length == 1 && variables[0].getType() == Token.class;
    }
}
