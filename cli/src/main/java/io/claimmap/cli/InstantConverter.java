package io.claimmap.cli;

import picocli.CommandLine;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/** {@code --now}: an ISO-8601 instant ({@code 2026-11-21T12:00:00Z}, or with an offset) or epoch seconds. */
public final class InstantConverter implements CommandLine.ITypeConverter<Instant> {
    @Override
    public Instant convert(String value) {
        String text = value.strip();
        if (text.matches("-?\\d{1,12}")) {
            return Instant.ofEpochSecond(Long.parseLong(text));
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            try {
                return OffsetDateTime.parse(text).toInstant();
            } catch (DateTimeParseException again) {
                throw new CommandLine.TypeConversionException("'" + value + "' is not an ISO-8601 instant (for example "
                        + "2026-11-21T12:00:00Z) nor epoch seconds");
            }
        }
    }
}
