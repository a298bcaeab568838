package io.claimmap.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.claimmap.engine.result.ResultJson;
import io.claimmap.engine.rules.RulePack;
import io.claimmap.engine.rules.RuleSet;

/** The {@code /v1/rules} document: the rule set in service, its packs and rules, and the last reload error. */
final class RulesDocument {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private RulesDocument() {
    }

    static String of(LiveValidator live) {
        RuleSet rules = live.validator().config().rules();
        ObjectNode root = MAPPER.createObjectNode();
        root.put("revision", rules.revision());
        root.put("loadedAt", rules.loadedAt().toString());
        ArrayNode packs = root.putArray("packs");
        for (RulePack pack : rules.packs()) {
            ObjectNode node = packs.addObject();
            node.put("name", pack.name());
            node.put("builtin", pack.builtin());
            pack.rules().forEach(node.putArray("rules")::add);
        }
        LiveValidator.ReloadError error = live.lastError();
        if (error == null) {
            root.putNull("lastReloadError");
        } else {
            ObjectNode node = root.putObject("lastReloadError");
            node.put("at", error.at().toString());
            ResultJson.addRuleProblems(node.putArray("problems"), error.problems());
        }
        return root.toString();
    }
}
