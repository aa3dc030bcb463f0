package dev.clv.console.report;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/** How a table cell is written as text, the same on the page, in the PDF and in the CSV. */
public final class Cells {
    private static final DateTimeFormatter LOCAL_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private Cells() {
    }

    /** The cell as text: numbers as plain decimals, instants as local date-times of {@code zone}, null as "". */
    public static String text(Object cell, ZoneId zone) {
        if (cell == null) {
            return "";
        }
        if (cell instanceof BigDecimal d) {
            return d.toPlainString();
        }
        if (cell instanceof Instant i) {
            return LOCAL_TIME.format(i.atZone(zone));
        }
        if (cell instanceof LocalDate d) {
            return d.toString();
        }
        return cell.toString();
    }
}
