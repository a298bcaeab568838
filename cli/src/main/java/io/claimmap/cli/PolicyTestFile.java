package io.claimmap.cli;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.claimmap.engine.Purpose;
import io.claimmap.engine.keys.KeySourceSpec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A policy test file ({@code *.test.yaml}, contract §5), read strictly: every member is known, every value has its
 * type, every file it names exists, and any mistake is a {@link UsageException} naming the file and line.
 *
 * @param rules the rules of the file's {@code rules:} member, resolved against its folder; null to use {@code --rules}
 */
record PolicyTestFile(Path file, String display, List<Path> rules, List<Case> cases) {
    private static final YAMLFactory YAML = YAMLFactory.builder().build();
    private static final long MAX_BYTES = 8L * 1024 * 1024;
    private static final Set<String> FILE_MEMBERS = Set.of("rules", "cases");
    private static final Set<String> CASE_MEMBERS = Set.of("name", "claims", "token", "saml", "kind", "purpose",
            "contacts", "keys", "now", "expect");
    private static final Set<String> KEY_MEMBERS = Set.of("jwks", "key", "samlMetadata", "discovery");
    private static final Set<String> EXPECT_MEMBERS = Set.of("externalId", "agentName", "department", "verdict",
            "findings", "notFindings");
    private static final Pattern CODE = Pattern.compile("[A-Za-z0-9_.-]+");

    /** One case: plain {@code claims}, or an {@code input} file ({@code token:} or {@code saml:}) with its keys. */
    record Case(String name, int line, Map<String, Object> claims, String kind, Path input, Purpose purpose,
                Path contacts, List<KeySourceSpec> keys, Instant now, Expect expect) {
    }

    /**
     * What a case asserts; {@code fields} holds only the members given ({@code externalId}, {@code agentName},
     * {@code department}), a null value asserting "no value".
     */
    record Expect(Map<String, String> fields, String verdict, List<String> findings, List<String> notFindings) {
    }

    /** A YAML node with the line it starts on: a map, a list, or a scalar (String, Number, Boolean or null). */
    private record Node(Object value, int line) {
        @SuppressWarnings("unchecked")
        Map<String, Node> map() {
            return (Map<String, Node>) value;
        }

        @SuppressWarnings("unchecked")
        List<Node> list() {
            return (List<Node>) value;
        }

        boolean isMap() {
            return value instanceof Map;
        }

        boolean isList() {
            return value instanceof List;
        }

        /** The plain Java value (maps, lists, scalars), as claims are handed to the engine. */
        Object plain() {
            if (isMap()) {
                Map<String, Object> out = new LinkedHashMap<>();
                map().forEach((k, v) -> out.put(k, v.plain()));
                return out;
            }
            if (isList()) {
                List<Object> out = new ArrayList<>();
                list().forEach(v -> out.add(v.plain()));
                return out;
            }
            return value;
        }
    }

    static PolicyTestFile read(Path file, String display) {
        String text;
        try {
            if (Files.size(file) > MAX_BYTES) {
                throw new UsageException(display + ": over " + MAX_BYTES / (1024 * 1024) + " MiB");
            }
            text = Files.readString(file);
        } catch (IOException e) {
            throw new UsageException(display + ": cannot be read (" + ValidationOptions.describe(e) + ")");
        }
        Node root;
        try (JsonParser parser = YAML.createParser(text)) {
            try {
                JsonToken first = parser.nextToken();
                if (first == null) {
                    throw new UsageException(display + ":1: the file is empty; it needs a cases: list");
                }
                root = node(parser, display);
                if (parser.nextToken() != null) {
                    throw new UsageException(display + ":" + line(parser.currentTokenLocation()) + ": one YAML document per test file");
                }
            } catch (JsonProcessingException e) {
                // Some errors (a nesting limit) come without a location: where the parser was is the line.
                JsonLocation at = e.getLocation() != null && e.getLocation().getLineNr() > 0 ? e.getLocation()
                        : parser.currentLocation();
                throw new UsageException(display + ":" + Math.max(1, at == null ? 1 : at.getLineNr()) + ": not valid YAML: "
                        + e.getOriginalMessage().lines().findFirst().orElse(""));
            }
        } catch (IOException e) {
            throw new UsageException(display + ": cannot be read (" + e.getMessage() + ")");
        }
        return new Reader(file, display).file(root);
    }

    private static int line(JsonLocation location) {
        return location == null ? 0 : location.getLineNr();
    }

    private static Node node(JsonParser parser, String display) throws IOException {
        int line = line(parser.currentTokenLocation());
        JsonToken token = parser.currentToken();
        switch (token) {
            case START_OBJECT: {
                Map<String, Node> map = new LinkedHashMap<>();
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String name = parser.currentName();
                    int at = line(parser.currentTokenLocation());
                    parser.nextToken();
                    if (map.put(name, node(parser, display)) != null) {
                        throw new UsageException(display + ":" + at + ": " + name + " is given twice");
                    }
                }
                return new Node(map, line);
            }
            case START_ARRAY: {
                List<Node> list = new ArrayList<>();
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    list.add(node(parser, display));
                }
                return new Node(list, line);
            }
            case VALUE_STRING:
                return new Node(parser.getText(), line);
            case VALUE_NUMBER_INT:
            case VALUE_NUMBER_FLOAT:
                return new Node(parser.getNumberValue(), line);
            case VALUE_TRUE:
            case VALUE_FALSE:
                return new Node(parser.getBooleanValue(), line);
            case VALUE_NULL:
                return new Node(null, line);
            default:
                throw new UsageException(display + ":" + line + ": unexpected YAML (" + token + ")");
        }
    }

    /** Turns the YAML tree into a test file, checking as it goes. */
    private record Reader(Path file, String display) {
        private UsageException error(Node at, String message) {
            return new UsageException(display + ":" + at.line() + ": " + message);
        }

        PolicyTestFile file(Node root) {
            Map<String, Node> members = members(root, "a test file", FILE_MEMBERS);
            List<Path> rules = null;
            if (members.containsKey("rules")) {
                rules = new ArrayList<>();
                for (Node item : strings(members.get("rules"), "rules")) {
                    Path path = resolve(item);
                    if (!Files.exists(path)) {
                        throw error(item, "rules: " + shown(item) + ": no such file or folder (relative to this file)");
                    }
                    rules.add(path);
                }
            }
            Node cases = members.get("cases");
            if (cases == null) {
                throw error(root, "a test file needs a cases: list");
            }
            if (!cases.isList() || cases.list().isEmpty()) {
                throw error(cases, "cases: must be a non-empty list of cases");
            }
            List<Case> parsed = new ArrayList<>();
            Set<String> names = new HashSet<>();
            for (Node item : cases.list()) {
                Case c = testCase(item);
                if (!names.add(c.name())) {
                    throw error(item, "two cases are named \"" + c.name() + "\"; case names must be unique in a file");
                }
                parsed.add(c);
            }
            return new PolicyTestFile(file, display, rules, parsed);
        }

        private Case testCase(Node node) {
            Map<String, Node> m = members(node, "a case", CASE_MEMBERS);
            Node nameNode = m.get("name");
            if (nameNode == null || !(nameNode.value() instanceof String name) || name.isBlank()) {
                throw error(nameNode == null ? node : nameNode, "a case needs a name: (text)");
            }
            int inputs = (m.containsKey("claims") ? 1 : 0) + (m.containsKey("token") ? 1 : 0) + (m.containsKey("saml") ? 1 : 0);
            if (inputs != 1) {
                throw error(node, "case \"" + name + "\" needs exactly one of claims:, token: or saml:");
            }
            Map<String, Object> claims = null;
            Path input = null;
            String kind = "jwt";
            if (m.containsKey("claims")) {
                Node c = m.get("claims");
                if (!c.isMap()) {
                    throw error(c, "claims: must be a map of claim names to values");
                }
                @SuppressWarnings("unchecked")
                Map<String, Object> plain = (Map<String, Object>) c.plain();
                claims = plain;
                if (m.containsKey("kind")) {
                    kind = text(m.get("kind"), "kind");
                    if (!kind.equals("jwt") && !kind.equals("saml")) {
                        throw error(m.get("kind"), "kind: must be jwt or saml, not \"" + kind + "\"");
                    }
                }
                if (m.containsKey("keys") || m.containsKey("now")) {
                    throw error(m.containsKey("keys") ? m.get("keys") : m.get("now"),
                            "keys: and now: are for token: and saml: cases; claims are not signed and have no time checks");
                }
            } else {
                Node f = m.containsKey("token") ? m.get("token") : m.get("saml");
                input = existing(f, m.containsKey("token") ? "token" : "saml");
                if (m.containsKey("kind")) {
                    throw error(m.get("kind"), "kind: is for claims: cases; a token or SAML file is recognised by its content");
                }
            }
            Purpose purpose = null;
            if (m.containsKey("purpose")) {
                try {
                    purpose = Purpose.fromLabel(text(m.get("purpose"), "purpose"));
                } catch (IllegalArgumentException e) {
                    throw error(m.get("purpose"), "purpose: must be messaging or agent");
                }
            }
            Path contacts = m.containsKey("contacts") ? existing(m.get("contacts"), "contacts") : null;
            List<KeySourceSpec> keys = m.containsKey("keys") ? keys(m.get("keys")) : List.of();
            Instant now = m.containsKey("now") ? instant(m.get("now")) : null;
            Node expectNode = m.get("expect");
            if (expectNode == null) {
                throw error(node, "case \"" + name + "\" needs an expect: (a case that asserts nothing cannot fail)");
            }
            return new Case(name, nameNode.line(), claims, kind, input, purpose, contacts, keys, now, expect(expectNode));
        }

        private Expect expect(Node node) {
            Map<String, Node> m = members(node, "expect", EXPECT_MEMBERS);
            if (m.isEmpty()) {
                throw error(node, "expect: asserts nothing; give externalId, agentName, department, verdict, findings or notFindings");
            }
            Map<String, String> fields = new LinkedHashMap<>();
            for (String field : List.of("externalId", "agentName", "department")) {
                Node v = m.get(field);
                if (v != null) {
                    if (v.isMap() || v.isList()) {
                        throw error(v, field + ": must be a value, or null for \"no value\"");
                    }
                    fields.put(field, v.value() == null ? null : String.valueOf(v.value()));
                }
            }
            String verdict = null;
            if (m.containsKey("verdict")) {
                verdict = text(m.get("verdict"), "verdict");
                if (!List.of("pass", "warn", "fail").contains(verdict)) {
                    throw error(m.get("verdict"), "verdict: must be pass, warn or fail, not \"" + verdict + "\"");
                }
            }
            return new Expect(fields, verdict, codes(m.get("findings"), "findings"), codes(m.get("notFindings"), "notFindings"));
        }

        private List<String> codes(Node node, String what) {
            if (node == null) {
                return List.of();
            }
            List<String> codes = new ArrayList<>();
            for (Node item : strings(node, what)) {
                String code = (String) item.value();
                if (!CODE.matcher(code).matches()) {
                    throw error(item, what + ": \"" + code + "\" is not a finding code");
                }
                codes.add(code);
            }
            return codes;
        }

        private List<KeySourceSpec> keys(Node node) {
            List<KeySourceSpec> specs = new ArrayList<>();
            for (Map.Entry<String, Node> entry : members(node, "keys", KEY_MEMBERS).entrySet()) {
                for (Node item : strings(entry.getValue(), "keys." + entry.getKey())) {
                    String location = (String) item.value();
                    boolean url = location.startsWith("https://") || location.startsWith("http://");
                    if (entry.getKey().equals("discovery") && !url) {
                        throw error(item, "keys.discovery: must be a URL");
                    }
                    String where = url ? location : existing(item, "keys." + entry.getKey()).toString();
                    specs.add(switch (entry.getKey()) {
                        case "jwks" -> KeySourceSpec.jwks(where);
                        case "key" -> KeySourceSpec.key(where);
                        case "samlMetadata" -> KeySourceSpec.samlMetadata(where);
                        default -> KeySourceSpec.discovery(where);
                    });
                }
            }
            return specs;
        }

        private Instant instant(Node node) {
            String value = node.value() instanceof String s ? s : null;
            if (value != null) {
                try {
                    return Instant.parse(value);
                } catch (DateTimeParseException e) {
                    try {
                        return OffsetDateTime.parse(value).toInstant();
                    } catch (DateTimeParseException ignored) {
                        // reported below
                    }
                }
            }
            throw error(node, "now: must be an ISO-8601 instant such as 2026-03-01T12:00:00Z");
        }

        private Map<String, Node> members(Node node, String what, Set<String> allowed) {
            if (!node.isMap()) {
                throw error(node, what + " must be a map");
            }
            for (Map.Entry<String, Node> entry : node.map().entrySet()) {
                if (!allowed.contains(entry.getKey())) {
                    throw error(entry.getValue(), "unknown member " + entry.getKey() + ": in " + what + " (known: "
                            + String.join(", ", allowed.stream().sorted().toList()) + ")");
                }
            }
            return node.map();
        }

        private List<Node> strings(Node node, String what) {
            List<Node> items = node.isList() ? node.list() : List.of(node);
            for (Node item : items) {
                if (!(item.value() instanceof String)) {
                    throw error(item, what + ": must be text or a list of text");
                }
            }
            return items;
        }

        private String text(Node node, String what) {
            if (!(node.value() instanceof String s)) {
                throw error(node, what + ": must be text");
            }
            return s;
        }

        private Path resolve(Node item) {
            Path parent = file.toAbsolutePath().getParent();
            return parent.resolve((String) item.value()).normalize();
        }

        private Path existing(Node item, String what) {
            if (!(item.value() instanceof String)) {
                throw error(item, what + ": must be a path");
            }
            Path path = resolve(item);
            if (!Files.isRegularFile(path)) {
                throw error(item, what + ": " + shown(item) + ": no such file (relative to this file)");
            }
            return path;
        }

        /** A path as written, unless it is the content itself (a pasted token): never echoed, it is personal data. */
        private static String shown(Node item) {
            String value = (String) item.value();
            return InputFiles.pastedContent(value) ? "the value looks like a token, a SAML message or JSON, not a path "
                    + "(it is not shown): save it to a file beside this one and name the file" : value;
        }
    }
}
