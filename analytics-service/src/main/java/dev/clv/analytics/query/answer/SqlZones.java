package dev.clv.analytics.query.answer;

import java.time.ZoneId;
import java.time.ZoneOffset;

/** A time zone as PostgreSQL's {@code AT TIME ZONE} reads it, the same as Java does. */
public final class SqlZones {
    private SqlZones() {
    }

    /**
     * The zone's name; a fixed offset as a POSIX zone, because PostgreSQL reads a bare '+05:30' the POSIX way, as
     * five and a half hours west of Greenwich.
     */
    public static String name(ZoneId zone) {
        ZoneId normal = zone.normalized();
        if (!(normal instanceof ZoneOffset offset)) {
            return zone.getId();
        }
        if (offset.getTotalSeconds() == 0) {
            return "UTC";
        }
        int seconds = offset.getTotalSeconds();
        int abs = Math.abs(seconds);
        String hhmm = "%02d%02d".formatted(abs / 3600, abs / 60 % 60);
        // <+0530>-05:30: the abbreviation in brackets, then the POSIX offset, positive west
        return "<" + (seconds > 0 ? "+" : "-") + hhmm + ">" + (seconds > 0 ? "-" : "+") + "%02d:%02d:%02d"
                .formatted(abs / 3600, abs / 60 % 60, abs % 60);
    }
}
