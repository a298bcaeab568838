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
    void aCsvWithoutAnIdColumnGivesContactsWithoutAnId() throws Exception {
        Contacts contacts = ContactsLoader.load(write("c.csv", "externalId\nplain-id\n"));
        assertNull(contacts.find("plain-id").id());
        assertEquals("unnamed contact", contacts.find("plain-id").describe());
    }

    @Test
    void aByteOrderMarkIsNotPartOfTheFirstColumn() throws Exception {
        assertEquals("c1", ContactsLoader.load(write("c.csv", "\uFEFFexternalId,id\nx,c1\n")).find("x").id());
        assertEquals("c1", ContactsLoader.load(write("c.json", "\uFEFF[{\"id\":\"c1\",\"externalIds\":[{\"value\":\"x\"}]}]"))
                .find("x").id());
    }

    @Test
    void readsACsvWithOnlyItsHeader() throws Exception {
        assertEquals(0, ContactsLoader.load(write("c.csv", "id,externalId\n")).size());
    }

    @Test
    void anEndlessDeviceIsOverTheLimit() {
        Path endless = Path.of("/dev/zero");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.exists(endless), "a system with /dev/zero");
        assertEquals("/dev/zero: over 64 KiB",
                assertThrows(ContactsException.class, () -> ContactsLoader.load(endless, 64 * 1024)).getMessage());
    }

    @Test
    void refusesUnusableExports() throws Exception {
        assertTrue(assertThrows(ContactsException.class, () -> ContactsLoader.load(dir.resolve("missing.json")))
                .getMessage().contains("no such file"));
        assertTrue(assertThrows(ContactsException.class, () -> ContactsLoader.load(write("c.csv", "id,name\nc1,Ada\n")))
                .getMessage().contains("no externalId column"));
        assertTrue(assertThrows(ContactsException.class, () -> ContactsLoader.load(write("c.csv", "id,name\n")))
                .getMessage().contains("no externalId column"));
        assertTrue(assertThrows(ContactsException.class, () -> ContactsLoader.load(write("c.csv", "eyJhbGciOiJSUzI1NiJ9.e30.c2ln\n")))
                .getMessage().contains("no externalId column"));
        assertTrue(assertThrows(ContactsException.class, () -> ContactsLoader.load(write("c.csv", "")))
                .getMessage().contains("CSV"));
        Path latin1 = Files.write(dir.resolve("latin1.csv"), "externalId\ncaf\u00e9\n".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        assertEquals(latin1 + ": is not UTF-8 text", assertThrows(ContactsException.class, () -> ContactsLoader.load(latin1)).getMessage());
        String unreadable = assertThrows(ContactsException.class, () -> ContactsLoader.load(write("c.csv", "externalId\n\"x\"y\n")))
                .getMessage();
        assertTrue(unreadable.contains("not a readable CSV") && unreadable.lines().count() == 1, unreadable);
        assertTrue(assertThrows(ContactsException.class, () -> ContactsLoader.load(write("c.json", "{\"entities\": 3}")))
                .getMessage().contains("entities"));
        assertTrue(assertThrows(ContactsException.class, () -> ContactsLoader.load(write("c.json", "{\"entities\": [")))
                .getMessage().contains("not valid JSON"));
    }

    @Test
    void errorsNeverQuoteTheExport() throws Exception {
        for (Path file : java.util.List.of(write("a.csv", "externalId,firstName\nc-1,Grace,Hopper\n"),
                write("b.csv", "externalId,firstName\nc-1,\"Grace Hopper\n"), write("c.csv", "externalId,firstName\nc-1,\"Gr\"ace Hopper\"\n"),
                write("d.json", "{\"entities\": [{\"firstName\": Grace Hopper}]}"),
                write("e.json", "{\"entities\": [{\"firstName\": \"Grace\" \"lastName\": \"Hopper\"}]}"))) {
            String message = assertThrows(ContactsException.class, () -> ContactsLoader.load(file)).getMessage();
            assertTrue(!message.contains("Hopper") && !message.contains("Grace") && message.contains("line "), message);
        }
    }
}
