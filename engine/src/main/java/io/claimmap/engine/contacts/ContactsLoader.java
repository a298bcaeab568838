package io.claimmap.engine.contacts;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import io.claimmap.engine.facts.Contact;
import io.claimmap.engine.facts.Contacts;
import io.claimmap.engine.input.StrictJson;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Reads a Genesys Cloud External Contacts export: the API's JSON ({@code entities[].externalIds[].value}, or a bare
 * array of contacts) or a CSV with an {@code externalId} column.
 */
public final class ContactsLoader {
    private static final long MAX_BYTES = 256L * 1024 * 1024;

    private ContactsLoader() {
    }

    public static Contacts load(Path file) throws ContactsException {
        String text;
        try {
            if (Files.size(file) > MAX_BYTES) {
                throw new ContactsException(file + ": over " + MAX_BYTES / (1024 * 1024) + " MiB");
            }
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new ContactsException(file + ": no such file");
        } catch (IOException e) {
            throw new ContactsException(file + ": cannot be read ("
                    + (e instanceof java.nio.charset.CharacterCodingException ? "not UTF-8 text" : e.getMessage()) + ")");
        }
        String start = text.stripLeading();
        return Contacts.of(start.startsWith("{") || start.startsWith("[") ? fromJson(text, file) : fromCsv(text, file));
    }

    private static List<Contact> fromJson(String text, Path file) throws ContactsException {
        JsonNode root;
        try {
            root = StrictJson.mapper().readTree(text);
        } catch (JsonProcessingException e) {
            throw new ContactsException(file + ": not valid JSON (" + e.getOriginalMessage() + ")");
        }
        JsonNode entities = root.isArray() ? root : root.path("entities");
        if (!entities.isArray()) {
            throw new ContactsException(file + ": expected the External Contacts API's {\"entities\": [...]} or a JSON array");
        }
        List<Contact> contacts = new ArrayList<>();
        for (JsonNode entity : entities) {
            List<String> externalIds = new ArrayList<>();
            for (JsonNode externalId : entity.path("externalIds")) {
                String value = externalId.isTextual() ? externalId.asText() : externalId.path("value").asText(null);
                if (value != null && !value.isEmpty()) {
                    externalIds.add(value);
                }
            }
            contacts.add(new Contact(entity.path("id").asText(null), displayName(entity), externalIds));
        }
        return contacts;
    }

    private static String displayName(JsonNode entity) {
        String first = entity.path("firstName").asText("");
        String last = entity.path("lastName").asText("");
        String name = (first + " " + last).strip();
        return name.isEmpty() ? null : name;
    }

    private static List<Contact> fromCsv(String text, Path file) throws ContactsException {
        CsvMapper csv = new CsvMapper();
        csv.enable(CsvParser.Feature.TRIM_SPACES);
        List<Contact> contacts = new ArrayList<>();
        try (MappingIterator<Map<String, String>> rows = csv.readerForMapOf(String.class)
                .with(CsvSchema.emptySchema().withHeader())
                .readValues(text)) {
            String externalIdColumn = null;
            while (rows.hasNext()) {
                Map<String, String> row = rows.next();
                if (externalIdColumn == null) {
                    externalIdColumn = column(row, "externalid", "external_id", "external id")
                            .orElseThrow(() -> new ContactsException(file + ": the CSV has no externalId column"));
                }
                String externalId = row.get(externalIdColumn);
                String name = (value(row, "firstname") + " " + value(row, "lastname")).strip();
                if (name.isEmpty()) {
                    name = value(row, "name");
                }
                contacts.add(new Contact(value(row, "id"), name.isEmpty() ? null : name,
                        externalId == null || externalId.isEmpty() ? List.of() : List.of(externalId)));
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof ContactsException known) {
                throw known;
            }
            throw new ContactsException(file + ": not a readable CSV (" + e.getMessage() + ")");
        }
        return contacts;
    }

    private static Optional<String> column(Map<String, String> row, String... names) {
        for (String key : row.keySet()) {
            String normalized = key.toLowerCase(Locale.ROOT).strip();
            for (String name : names) {
                if (normalized.equals(name)) {
                    return Optional.of(key);
                }
            }
        }
        return Optional.empty();
    }

    private static String value(Map<String, String> row, String name) {
        return column(row, name).map(row::get).map(String::strip).orElse("");
    }
}
