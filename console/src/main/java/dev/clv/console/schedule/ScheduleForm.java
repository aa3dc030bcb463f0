package dev.clv.console.schedule;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

import dev.clv.console.view.ViewParams;

/** A schedule as the form sent it, checked field by field: a wrong one is a {@link ViewParams.BadView} naming it. */
final class ScheduleForm {
    /** The views a schedule may run: every report view, and a product's page (with its {@code id}). */
    static final Set<String> VIEWS = Set.copyOf(ReportsPage.VIEWS);
    static final int MAX_DAYS = 3 * 366;
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,64}@[^@\\s]{1,253}\\.[^@\\s]{2,63}");
    private static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");

    private ScheduleForm() {
    }

    static Schedule read(Map<String, String> form, String tenant, String ownerSub, String ownerName, Instant now) {
        String view = required(form, "view");
        if (!VIEWS.contains(view)) {
            throw new ViewParams.BadView("view", "is not a view that can be scheduled");
        }
        Map<String, String> params = ScheduleRepository.params(form.getOrDefault("params", ""));
        params.keySet().removeAll(Set.of("from", "to", "zone"));
        if ("product".equals(view) && (params.get("id") == null || params.get("id").isBlank())) {
            throw new ViewParams.BadView("params", "must name the product (id=…)");
        }
        String currency = params.get("currency");
        if (currency != null && !CURRENCY.matcher(currency).matches()) {
            throw new ViewParams.BadView("params", "has a currency that is not a three-letter code");
        }
        int days = number(form, "days", 1, MAX_DAYS);
        String cadence = required(form, "cadence");
        Integer dayOfWeek = null;
        Integer dayOfMonth = null;
        switch (cadence) {
            case "daily" -> {
            }
            case "weekly" -> dayOfWeek = number(form, "day_of_week", 1, 7);
            case "monthly" -> dayOfMonth = number(form, "day_of_month", 1, 31);
            default -> throw new ViewParams.BadView("cadence", "must be daily, weekly or monthly");
        }
        LocalTime time;
        try {
            time = LocalTime.parse(required(form, "time"));
        } catch (DateTimeParseException e) {
            throw new ViewParams.BadView("time", "must be a time of day as 08:00");
        }
        ZoneId zone;
        try {
            zone = ZoneId.of(required(form, "zone"));
        } catch (DateTimeException e) {
            throw new ViewParams.BadView("zone", "is not an IANA time zone such as Europe/Berlin");
        }
        String email = form.getOrDefault("email", "").strip();
        if (!email.isEmpty() && !EMAIL.matcher(email).matches()) {
            throw new ViewParams.BadView("email", "is not an e-mail address");
        }
        Schedule draft = new Schedule(UUID.randomUUID(), tenant, ownerSub, ownerName, view, new LinkedHashMap<>(
                params), days, cadence, dayOfWeek, dayOfMonth, time, zone, email.isEmpty() ? null : email, null,
                null, null);
        return new Schedule(draft.id(), tenant, ownerSub, ownerName, view, draft.params(), days, cadence, dayOfWeek,
                dayOfMonth, time, zone, draft.email(), draft.nextAfter(now), null, null);
    }

    private static String required(Map<String, String> form, String name) {
        String value = form.get(name);
        if (value == null || value.isBlank()) {
            throw new ViewParams.BadView(name, "is required");
        }
        return value.strip();
    }

    private static int number(Map<String, String> form, String name, int min, int max) {
        try {
            int n = Integer.parseInt(required(form, name));
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // named below
        }
        throw new ViewParams.BadView(name, "must be a whole number from " + min + " to " + max);
    }
}
