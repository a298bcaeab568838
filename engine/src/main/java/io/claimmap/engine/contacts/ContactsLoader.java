package io.claimmap.engine.contacts;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import io.claimmap.engine.facts.Contact;
import io.claimmap.engine.facts.Contacts;
import io.claimmap.engine.input.BoundedFiles;
import io.claimmap.engine.input.StrictJson;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Reads a Genesys Cloud External Contacts export: the API's JSON ({@code entities[].externalIds[].value}, or a bare
 * array of contacts) or a CSV with an {@code externalId} column.
 */
public final class ContactsLoader {
    private static final int MAX_BYTES = 256 * 1024 * 1024;

    private ContactsLoader() {
    }

    public static Contacts load(Path file) throws ContactsException {
        return load(file, MAX_BYTES);
    }

    /** Within {@code maxBytes}, and within the heap: a file too large for either is a {@link ContactsException}. */
    static Contacts load(Path file, int maxBytes) throws ContactsException {
        try {
            String text;
            try {
                text = BoundedFiles.readString(file, maxBytes);
            } catch (NoSuchFileException e) {
                throw new ContactsException(file + ": no such file");
            } catch (CharacterCodingException e) {
                throw new ContactsException(file + ": is not UTF-8 text");
            } catch (IOException e) {
                throw new ContactsException(file + ": cannot be read (" + e.getMessage() + ")");
            }
            if (text == null) {
                throw new ContactsException(file + ": over " + (maxBytes >= 1024 * 1024 ? maxBytes / (1024 * 1024) + " MiB"
                        : maxBytes / 1024 + " KiB"));
            }
            if (text.startsWith("\uFEFF")) { // the byte-order mark spreadsheet programs write at the start of UTF-8
                text = text.substring(1);
            }
            String start = text.stripLeading();
            return Contacts.of(start.startsWith("{") || start.startsWith("[") ? fromJson(text, file) : fromCsv(text, file));
        } catch (OutOfMemoryError e) {
            throw new ContactsException(file + ": too large for the memory claimmap runs with ("
                    + Runtime.getRuntime().maxMemory() / (1024 * 1024) + " MiB); give it more with CLAIMMAP_JAVA_OPTS=-Xmx1g");
        }
    }

    private static List<Contact> fromJson(String text, Path file) throws ContactsException {
        JsonNode root;
        try {
            root = StrictJson.mapper().readTree(text);
        } catch (JsonProcessingException e) {
            // Jackson's message may quote the export (a name, an email): only the duplicate's name and the place.
            String detail = e.getOriginalMessage().startsWith("Duplicate field") ? e.getOriginalMessage() : at(e);
            throw new ContactsException(file + ": not valid JSON (" + detail + ")");
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
            rows.hasNext(); // reads the header, so a file without rows is checked too
            Map<String, String> header = new LinkedHashMap<>();
            ((CsvSchema) rows.getParser().getSchema()).forEach(c -> header.put(c.getName(), ""));
            String externalIdColumn = column(header, "externalid", "external_id", "external id")
                    .orElseThrow(() -> new ContactsException(file + ": the CSV has no externalId column"));
            while (rows.hasNext()) {
                Map<String, String> row = rows.next();
                String externalId = row.get(externalIdColumn);
                String name = (value(row, "firstname") + " " + value(row, "lastname")).strip();
                if (name.isEmpty()) {
                    name = value(row, "name");
                }
                String id = value(row, "id");
                contacts.add(new Contact(id.isEmpty() ? null : id, name.isEmpty() ? null : name,
                        externalId == null || externalId.isEmpty() ? List.of() : List.of(externalId)));
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof ContactsException known) {
                throw known;
            }
            // Jackson's message may quote a value of the export (personal data): only the place is told.
            Throwable cause = e;
            while (!(cause instanceof JsonProcessingException) && cause.getCause() != null && cause.getCause() != cause) {
                cause = cause.getCause();
            }
            throw new ContactsException(file + ": not a readable CSV (" + (cause instanceof JsonProcessingException json
                    ? at(json) : e.getClass().getSimpleName()) + ")");
        }
        return contacts;
    }

    private static String at(JsonProcessingException e) {
        return e.getLocation() == null ? "a quote, separator or column count is wrong"
                : "line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
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
