package io.claimmap.engine.rules;

import io.claimmap.engine.facts.Claim;
import io.claimmap.engine.facts.Contacts;
import io.claimmap.engine.facts.Evaluation;
import io.claimmap.engine.facts.Findings;
import io.claimmap.engine.facts.MappingDraft;
import io.claimmap.engine.facts.Token;
import io.claimmap.engine.result.Finding;
import io.claimmap.engine.result.RuleTrace;
import io.claimmap.engine.result.Severity;
import org.drools.base.InitialFact;
import org.kie.api.KieBase;
import org.kie.api.definition.KiePackage;
import org.kie.api.definition.rule.Global;
import org.kie.api.definition.rule.Rule;
import org.kie.api.event.rule.AfterMatchFiredEvent;
import org.kie.api.event.rule.BeforeMatchFiredEvent;
import org.kie.api.event.rule.DefaultAgendaEventListener;
import org.kie.api.runtime.StatelessKieSession;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A compiled, immutable rule set: the built-in packs and any user rules in one KieBase. Each evaluation runs in its
 * own stateless session, so a RuleSet is safe to share between threads and to swap atomically on reload.
 */
public final class RuleSet {
    public static final String BUILTIN_PACKAGE_PREFIX = "io.claimmap.rules.builtin.";

    private final KieBase kieBase;
    private final String revision;
    private final Instant loadedAt;
    private final List<RulePack> packs;
    private final Set<String> globals;

    private final MissExplainer misses;

    RuleSet(KieBase kieBase, String revision, Instant loadedAt) {
        this(kieBase, revision, loadedAt, List.of());
    }

    /** @param userSources the user rules' DRL, read again to explain the rules that did not fire */
    RuleSet(KieBase kieBase, String revision, Instant loadedAt, List<RuleSource> userSources) {
        this.misses = new MissExplainer(userSources);
        this.kieBase = kieBase;
        this.revision = revision;
        this.loadedAt = loadedAt;
        this.packs = describePacks(kieBase);
        this.globals = new HashSet<>();
        for (KiePackage pkg : kieBase.getKiePackages()) {
            pkg.getGlobalVariables().stream().map(Global::getName).forEach(globals::add);
        }
    }

    /** The content hash of the rule sources that make up this set. */
    public String revision() {
        return revision;
    }

    public Instant loadedAt() {
        return loadedAt;
    }

    public List<RulePack> packs() {
        return packs;
    }

    public RuleOutcome evaluate(Token token, List<Claim> claims, Contacts contacts) {
        Evaluation evaluation = new Evaluation();
        MappingDraft mapping = new MappingDraft(evaluation);
        Findings findings = new Findings(evaluation);
        StatelessKieSession session = kieBase.newStatelessKieSession();
        setGlobal(session, "mapping", mapping);
        setGlobal(session, "findings", findings);
        setGlobal(session, "contacts", contacts);
        session.addEventListener(new DefaultAgendaEventListener() {
            @Override
            public void beforeMatchFired(BeforeMatchFiredEvent event) {
                Rule rule = event.getMatch().getRule();
                // A rule made only of exists/not matches Drools' internal InitialFact, which means nothing to users.
                evaluation.ruleFiring(packName(rule.getPackageName()), rule.getName(), event.getMatch().getObjects()
                        .stream().filter(o -> !(o instanceof InitialFact)).map(String::valueOf).toList());
            }

            @Override
            public void afterMatchFired(AfterMatchFiredEvent event) {
                evaluation.ruleDone();
            }
        });
        List<Object> facts = new ArrayList<>(claims.size() + 1);
        facts.add(token);
        facts.addAll(claims);
        List<Finding> raised = new ArrayList<>();
        try {
            session.execute(facts);
        } catch (RuntimeException e) {
            // A user rule that throws must not take the validation down: it becomes a finding naming the rule.
            raised.add(new Finding("RULE_FAILED", Severity.ERROR, "the rule failed while running: "
                    + rootMessage(e), "Fix the rule; run it with --explain to see what it matched.", evaluation.currentRule()));
        }
        raised.addAll(0, findings.raised());
        return new RuleOutcome(mapping.toMapping(), raised, evaluation.trace());
    }

    /**
     * The trace {@code --explain} shows: the rules that fired, then each user rule that did not, with the first of its
     * conditions no fact satisfied and the nearest value.
     */
    public List<RuleTrace> explain(List<RuleTrace> fired, Token token, List<Claim> claims) {
        return misses.explain(fired, packs, token, claims);
    }

    private void setGlobal(StatelessKieSession session, String name, Object value) {
        if (globals.contains(name)) {
            session.setGlobal(name, value);
        }
    }

    static String qualifiedName(Rule rule) {
        return packName(rule.getPackageName()) + " » " + rule.getName();
    }

    static String packName(String packageName) {
        return packageName.startsWith(BUILTIN_PACKAGE_PREFIX) ? packageName.substring(BUILTIN_PACKAGE_PREFIX.length())
                : packageName;
    }

    private static List<RulePack> describePacks(KieBase kieBase) {
        List<RulePack> packs = new ArrayList<>();
        for (KiePackage pkg : kieBase.getKiePackages()) {
            if (pkg.getRules().isEmpty()) {
                continue;
            }
            List<String> rules = pkg.getRules().stream().map(Rule::getName).sorted().toList();
            packs.add(new RulePack(packName(pkg.getName()), pkg.getName().startsWith(BUILTIN_PACKAGE_PREFIX), rules));
        }
        packs.sort(Comparator.comparing(RulePack::builtin).reversed().thenComparing(RulePack::name));
        return List.copyOf(packs);
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
    }
}
