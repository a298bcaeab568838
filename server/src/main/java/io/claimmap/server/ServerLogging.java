package io.claimmap.server;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.ConsoleAppender;

import ch.qos.logback.core.LayoutBase;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import ch.qos.logback.core.spi.ContextAwareBase;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import org.slf4j.LoggerFactory;
import org.slf4j.event.KeyValuePair;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;

/**
 * The server's log: one line per event on stderr, as text or JSON lines, through logback (configured here in code,
 * no XML to parse at start). claimmap's own events at INFO; Javalin, Jetty and Drools only when something is wrong.
 * The access log is separate: {@link AccessLog}, on stdout.
 */
public final class ServerLogging {
    public enum Format { TEXT, JSON }

    private static final Map<String, Level> LEVELS = Map.of("io.claimmap", Level.INFO, "io.javalin", Level.WARN,
            "org.eclipse.jetty", Level.WARN, "org.drools", Level.WARN, "org.kie", Level.WARN);

    private ServerLogging() {
    }

    /** Sends every log event to stderr in this format, replacing any earlier configuration. */
    public static void configure(Format format) {
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
            context.reset();
            apply(context, format);
        }
    }

    static void apply(LoggerContext context, Format format) {
        LayoutBase<ILoggingEvent> layout;
        if (format == Format.JSON) {
            layout = new JsonLayout();
        } else {
            PatternLayout pattern = new PatternLayout();
            // One line per event, stack traces and multi-line messages (Drools' build errors) included: their line
            // breaks become " | ".
            pattern.setPattern("%d{yyyy-MM-dd'T'HH:mm:ss.SSSX,UTC} %-5level %logger{0}: "
                    + "%replace(%msg){'\\s*[\\r\\n]+\\s*', ' | '}"
                    + "%replace(%ex{full}){'[\\r\\n]+\\s*', ' | '}%nopex%n");
            layout = pattern;
        }
        layout.setContext(context);
        layout.start();
        LayoutWrappingEncoder<ILoggingEvent> encoder = new LayoutWrappingEncoder<>();
        encoder.setContext(context);
        encoder.setLayout(layout);
        encoder.start();
        ConsoleAppender<ILoggingEvent> appender = new ConsoleAppender<>();
        appender.setContext(context);
        appender.setName("stderr");
        appender.setTarget("System.err");
        appender.setEncoder(encoder);
        appender.start();
        ch.qos.logback.classic.Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.WARN);
        root.addAppender(appender);
        LEVELS.forEach((name, level) -> context.getLogger(name).setLevel(level));
    }

    /** How logback configures itself when nothing else did (found through ServiceLoader): text on stderr. */
    public static final class Defaults extends ContextAwareBase implements Configurator {
        @Override
        public ExecutionStatus configure(LoggerContext context) {
            apply(context, Format.TEXT);
            return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
        }
    }

    /**
     * {@code {"time","level","logger","message", ...key-value pairs, "error"}}: the stack trace of an exception as one
     * string; never a request body (nothing logs one).
     */
    static final class JsonLayout extends LayoutBase<ILoggingEvent> {
        private static final JsonFactory JSON = new JsonFactory();

        @Override
        public String doLayout(ILoggingEvent event) {
            StringWriter out = new StringWriter(256);
            try (JsonGenerator json = JSON.createGenerator(out)) {
                json.writeStartObject();
                json.writeStringField("time", Instant.ofEpochMilli(event.getTimeStamp()).toString());
                json.writeStringField("level", event.getLevel().toString().toLowerCase(Locale.ROOT));
                json.writeStringField("logger", event.getLoggerName());
                json.writeStringField("message", event.getFormattedMessage());
                if (event.getKeyValuePairs() != null) {
                    for (KeyValuePair pair : event.getKeyValuePairs()) {
                        json.writeFieldName(pair.key);
                        if (pair.value instanceof Number number) {
                            json.writeNumber(number.toString());
                        } else if (pair.value instanceof Boolean bool) {
                            json.writeBoolean(bool);
                        } else {
                            json.writeString(String.valueOf(pair.value));
                        }
                    }
                }
                if (event.getThrowableProxy() != null) {
                    json.writeStringField("error", ThrowableProxyUtil.asString(event.getThrowableProxy()));
                }
                json.writeEndObject();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return out.append(System.lineSeparator()).toString();
        }
    }

}
