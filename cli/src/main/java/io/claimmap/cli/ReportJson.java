package io.claimmap.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.claimmap.engine.doctor.Check;
import io.claimmap.engine.doctor.DoctorReport;
import io.claimmap.engine.keys.KeyDescription;
import io.claimmap.engine.keys.KeyInspection;
import io.claimmap.engine.keys.KeySetDiff;
import io.claimmap.engine.result.ResultJson;

import java.util.List;

/** The JSON documents of keys inspect ({keys, findings}), keys diff ({added, removed, kept}) and doctor. */
final class ReportJson {
    private ReportJson() {
    }

    static String inspection(KeyInspection inspection) {
        ObjectNode root = ResultJson.newObject();
        keys(root.putArray("keys"), inspection.keys());
        ResultJson.addFindings(root.putArray("findings"), inspection.findings());
        return ResultJson.pretty(root);
    }

    static String diff(KeySetDiff diff) {
        ObjectNode root = ResultJson.newObject();
        keys(root.putArray("added"), diff.added());
        keys(root.putArray("removed"), diff.removed());
        keys(root.putArray("kept"), diff.kept());
        diff.consequences().forEach(root.putArray("consequences")::add);
        root.put("tokensWillFail", diff.tokensWillFail());
        return ResultJson.pretty(root);
    }

    static String doctor(DoctorReport report) {
        ObjectNode root = ResultJson.newObject();
        root.put("verdict", report.verdict().label());
        ArrayNode checks = root.putArray("checks");
        for (Check check : report.checks()) {
            checks.addObject().put("name", check.name()).put("status", check.status().label()).put("detail", check.detail());
        }
        ResultJson.addFindings(root.putArray("findings"), report.findings());
        return ResultJson.pretty(root);
    }

    private static void keys(ArrayNode array, List<KeyDescription> keys) {
        for (KeyDescription key : keys) {
            ObjectNode node = array.addObject();
            node.put("source", key.source());
            node.put("kid", key.keyId());
            node.put("type", key.type());
            node.put("algorithm", key.algorithm());
            node.put("use", key.use());
            node.put("size", key.size());
            node.put("thumbprint", key.thumbprint());
            if (key.certificate() != null) {
                ObjectNode cert = node.putObject("certificate");
                cert.put("subject", key.certificate().subject());
                cert.put("issuer", key.certificate().issuer());
                cert.put("notBefore", key.certificate().notBefore().toString());
                cert.put("notAfter", key.certificate().notAfter().toString());
                cert.put("sha256Fingerprint", key.certificate().sha256Fingerprint());
                cert.put("daysLeft", key.certificate().daysLeft());
            }
        }
    }
}
