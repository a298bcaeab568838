package io.claimmap.engine.keys;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Credentials written into a key source's URL never reach a log line, a metric label, /readyz or a finding. */
class RemoteUrlsTest {
    @Test
    void credentialsInAUrlAreHiddenAndTheRestKept() {
        assertEquals("https://***@idp.example.com/keys?api_key=***&appid=claimmap&access_token=***",
                RemoteUrls.redacted("https://user:s3cret@idp.example.com/keys?api_key=k3y&appid=claimmap&access_token=t0k"));
        assertEquals("https://login.microsoftonline.com/t/discovery/v2.0/keys?appid=abc",
                RemoteUrls.redacted("https://login.microsoftonline.com/t/discovery/v2.0/keys?appid=abc"));
        assertEquals("https://idp.example.com/keys?sig=***#f", RemoteUrls.redacted("https://idp.example.com/keys?sig=abc#f"));
    }

    @Test
    void aKeySourceIsNamedWithoutTheCredentialsOfItsUrl() throws Exception {
        KeySource source = KeySources.jwks("https://user:s3cret@idp.example.com/keys?token=t0k");
        assertEquals("jwks https://***@idp.example.com/keys?token=***", source.description());
        KeyConfigException refused = assertThrows(KeyConfigException.class,
                () -> KeySources.jwks("http://user:s3cret@idp.example.com/keys"));
        assertFalse(refused.getMessage().contains("s3cret"), refused.getMessage());
    }

    @Test
    void aTokenGivenWhereAUrlBelongsIsNotQuoted() {
        for (String pasted : new String[]{"eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJncmFjZSJ9.c2ln", "<samlp:Response>eyJzdWIiOiJncmFjZSJ9</samlp:Response>"}) {
            KeyConfigException refused = assertThrows(KeyConfigException.class, () -> RemoteUrls.require(pasted, "--discovery"));
            assertFalse(refused.getMessage().contains("eyJzdWIiOiJncmFjZSJ9"), refused.getMessage());
        }
    }
}
