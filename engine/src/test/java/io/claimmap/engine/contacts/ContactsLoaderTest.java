package io.claimmap.engine.contacts;

import io.claimmap.engine.facts.Contacts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ContactsLoaderTest {
    @TempDir
    Path dir;

    private Path write(String name, String content) throws Exception {
        Path file = dir.resolve(name);
        Files.writeString(file, content);
        return file;
    }

    @Test
    void readsTheApiJsonExport() throws Exception {
        Contacts contacts = ContactsLoader.load(write("c.json", """
                {"entities": [{"id": "c1", "firstName": "Ada", "lastName": "Lovelace",
                  "externalIds": [{"externalSource": {"name": "CRM"}, "value": "005A"}, {"value": "ada@example.com"}]}],
                 "pageSize": 25}"""));
        assertEquals(1, contacts.size());
        assertEquals("Ada Lovelace (id c1)", contacts.find("005A").describe());
        assertEquals("c1", contacts.find("ada@example.com").id());
        assertNull(contacts.find("nobody"));
    }

    @Test
    void readsABareJsonArray() throws Exception {
        assertEquals(1, ContactsLoader.load(write("c.json", "[{\"id\":\"c1\",\"externalIds\":[{\"value\":\"x\"}]}]")).size());
    }

    @Test
    void readsACsvWithAnExternalIdColumn() throws Exception {
        Contacts contacts = ContactsLoader.load(write("c.csv", """
                id,firstName,lastName,ExternalId
                c1,Ada,Lovelace,"https://login.salesforce.com/id/00D/005"
                c2,,,plain-id
                """));
        assertEquals(2, contacts.size());
        assertEquals("Ada Lovelace (id c1)", contacts.find("https://login.salesforce.com/id/00D/005").describe());
        assertEquals("unnamed contact (id c2)", contacts.find("plain-id").describe());
    }

    @Test
    void refusesUnusableExports() throws Exception {
        assertTrue(assertThrows(ContactsException.class, () -> ContactsLoader.load(dir.resolve("missing.json")))
                .getMessage().contains("no such file"));
        assertTrue(assertThrows(ContactsException.class, () -> ContactsLoader.load(write("c.csv", "id,name\nc1,Ada\n")))
                .getMessage().contains("no externalId column"));
        assertTrue(assertThrows(ContactsException.class, () -> ContactsLoader.load(write("c.json", "{\"entities\": 3}")))
                .getMessage().contains("entities"));
        assertTrue(assertThrows(ContactsException.class, () -> ContactsLoader.load(write("c.json", "{\"entities\": [")))
                .getMessage().contains("not valid JSON"));
        Path latin1 = Files.write(dir.resolve("latin1.csv"), new byte[]{'e', 'x', 't', 'e', 'r', 'n', 'a', 'l', 'I', 'd', '\n', (byte) 0xe9});
        assertEquals(latin1 + ": cannot be read (not UTF-8 text)",
                assertThrows(ContactsException.class, () -> ContactsLoader.load(latin1)).getMessage());
    }
}
