package dev.clv.analytics.query.event;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import dev.clv.contracts.event.EventJson;

/**
 * One {@code properties.KEY=VALUE} filter: the event's top-level property KEY (the whole rest of the parameter
 * name, dots included: no nested paths) holds VALUE as a JSON string, or, when VALUE is written as a JSON number or
 * {@code true}/{@code false}, that number (numerically equal: 5 matches 5.0) or boolean. Each alternative is one
 * containment document {@code {"KEY": value}}, matched through the tenant's property index.
 */
record PropertyFilter(String key, String value) {
    private static final Pattern NUMBER = Pattern.compile("-?(0|[1-9]\\d*)(\\.\\d+)?([eE][+-]?\\d+)?");
    // beyond PostgreSQL's numeric range a number cannot be stored, so it cannot match either
    private static final int MAX_DIGITS = 1000;

    /** The containment documents any of which the properties must contain, as JSON text. */
    List<String> documents() {
        List<String> out = new ArrayList<>(2);
        out.add(json(value));
        if ("true".equals(value) || "false".equals(value)) {
            out.add(json(Boolean.parseBoolean(value)));
        } else if (NUMBER.matcher(value).matches()) {
            BigDecimal number = new BigDecimal(value);
            if (number.precision() - number.scale() <= MAX_DIGITS && number.scale() <= MAX_DIGITS) {
                out.add(json(number));
            }
        }
        return out;
    }

    private String json(Object v) {
        return new String(EventJson.write(Map.of(key, v)), StandardCharsets.UTF_8);
    }
}
