package io.claimmap.engine.input;

import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The streaming reader gives the types databind's untyped binding gave, and refuses what it refused. */
class StrictJsonTest {
    @Test
    void valuesKeepTheirOrderAndTheirTypes() throws Exception {
        Map<String, Object> object = StrictJson.parseObject("{\"z\": 1, \"a\": 2147483648, \"big\": 92233720368547758070, "
                + "\"f\": 1.5, \"t\": true, \"n\": null, \"s\": \"x\", \"list\": [1, \"two\", {\"k\": false}], \"o\": {}}", "it");
        assertInstanceOf(LinkedHashMap.class, object);
        assertEquals(List.of("z", "a", "big", "f", "t", "n", "s", "list", "o"), new ArrayList<>(object.keySet()));
        assertEquals(Integer.valueOf(1), object.get("z"));
        assertEquals(Long.valueOf(2147483648L), object.get("a"));
        assertEquals(new BigInteger("92233720368547758070"), object.get("big"));
        assertEquals(Double.valueOf(1.5), object.get("f"));
        assertEquals(Boolean.TRUE, object.get("t"));
        assertTrue(object.containsKey("n"));
        assertNull(object.get("n"));
        assertEquals("x", object.get("s"));
        assertInstanceOf(ArrayList.class, object.get("list"));
        assertEquals(Arrays.asList(1, "two", Map.of("k", false)), object.get("list"));
        assertEquals(Map.of(), object.get("o"));
    }

    @Test
    void trailingContentIsNotValidJson() {
        for (String json : List.of("{} {}", "{\"a\": 1} x", "{}]")) {
            String message = assertThrows(MalformedInputException.class, () -> StrictJson.parseObject(json, "the payload"))
                    .getMessage();
            assertTrue(message.startsWith("the payload is not valid JSON (line 1, column "), json + ": " + message);
        }
    }

    @Test
    void anUnpairedSurrogateIsNotUnicodeText() throws Exception {
        for (String json : List.of("{\"sub\": \"a\\ud800\"}", "{\"sub\": \"\\udc00a\"}", "{\"a\\ud800\": 1}",
                "{\"x\": [\"\\ud800\\ud800\"]}")) {
            String message = assertThrows(MalformedInputException.class, () -> StrictJson.parseObject(json, "the payload"))
                    .getMessage();
            assertTrue(message.startsWith("the payload has a string that is not Unicode text"), json + ": " + message);
        }
        assertEquals("a\uD83D\uDE00", StrictJson.parseObject("{\"sub\": \"a\\ud83d\\ude00\"}", "the payload").get("sub"),
                "an escaped surrogate pair is one character");
    }

    @Test
    void onlyAnObjectIsAccepted() {
        String message = assertThrows(MalformedInputException.class, () -> StrictJson.parseObject("[1]", "the header"))
                .getMessage();
        assertEquals("the header is a JSON array, not a JSON object", message);
    }
}
