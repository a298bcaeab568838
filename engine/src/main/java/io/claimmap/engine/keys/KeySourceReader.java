package io.claimmap.engine.keys;

import io.claimmap.engine.input.BoundedFiles;

import java.io.IOException;
import java.net.URL;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * The one place key sources are read from, for validation ({@link KeySources}) and for {@code keys inspect},
 * {@code keys diff} and {@code doctor} ({@link KeyMaterial}) alike: files within a size limit with one-line errors,
 * URLs only as {@link RemoteUrls} allows (https, or http to loopback), fetched with {@link KeyFetcher}'s timeouts,
 * size limit and no redirects.
 */
public final class KeySourceReader {
    /** The largest key file or response read: JWK Sets, discovery documents, metadata and PEM files are far smaller. */
    public static final int MAX_BYTES = 512 * 1024;

    private KeySourceReader() {
    }

    /** Whether a location names a URL rather than a file. */
    public static boolean isUrl(String location) {
        return RemoteUrls.isUrl(location);
    }

    /** The URL, if claimmap may fetch keys from it; {@code what} names it in the error ("--jwks"). */
    public static URL url(String location, String what) throws KeyConfigException {
        return RemoteUrls.require(location, what);
    }

    /**
     * A key file's text. {@code what} prefixes errors ("--jwks"), or is empty where the path alone says it
     * ({@code keys inspect}).
     */
    public static String readFile(String location, String what) throws KeyConfigException {
        String name = (what.isEmpty() ? "" : what + " ") + location;
        Path path = Path.of(location);
        try {
            if (Files.isDirectory(path)) {
                throw new KeyConfigException(name + ": is a folder, not a file");
            }
            String text = BoundedFiles.readString(path, MAX_BYTES);
            if (text == null) {
                throw new KeyConfigException(name + ": file is over " + MAX_BYTES / 1024 + " KiB");
            }
            return withoutByteOrderMark(text);
        } catch (NoSuchFileException e) {
            throw new KeyConfigException(name + ": no such file");
        } catch (AccessDeniedException e) {
            throw new KeyConfigException(name + ": permission denied");
        } catch (java.nio.charset.MalformedInputException e) {
            throw new KeyConfigException(name + ": is not UTF-8 text");
        } catch (IOException e) {
            throw new KeyConfigException(name + ": cannot be read (" + e.getMessage() + ")");
        }
    }

    /** A URL's body, within the timeouts and the size limit; the URL must come from {@link #url}. */
    public static String fetch(URL url) throws IOException {
        return withoutByteOrderMark(new KeyFetcher().retrieveResource(url).getContent());
    }

    /** ADFS serves and saves its FederationMetadata.xml with a UTF-8 byte-order mark, which XML and JSON parsers refuse. */
    private static String withoutByteOrderMark(String text) {
        return text != null && text.startsWith("\uFEFF") ? text.substring(1) : text;
    }

    /** A fetch failure in a few words: "SocketTimeoutException: Read timed out". */
    public static String describe(IOException e) {
        String message = e.getMessage();
        return e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }
}
