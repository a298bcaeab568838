package io.claimmap.engine.doctor;

import java.util.Locale;

/** One line of a doctor's report: what was checked and how it went. The problems themselves are findings. */
public record Check(String name, Status status, String detail) {
    public enum Status {
        OK, WARN, FAIL;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    static Check ok(String name, String detail) {
        return new Check(name, Status.OK, detail);
    }

    static Check warn(String name, String detail) {
        return new Check(name, Status.WARN, detail);
    }

    static Check fail(String name, String detail) {
        return new Check(name, Status.FAIL, detail);
    }
}
