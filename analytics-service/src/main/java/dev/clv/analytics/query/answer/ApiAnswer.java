package dev.clv.analytics.query.answer;

import java.time.Instant;

/**
 * The answer of every {@code /v1} analytics route, the Customer 360 seed's envelope ({@code success, message,
 * timestamp, data, count}) plus the cursor of the next page where there is one and how fresh the data is.
 */
public record ApiAnswer<T>(boolean success, String message, Instant timestamp, T data, Integer count,
        String nextCursor, AsOf asOf) {

    public static <T> ApiAnswer<T> of(String message, T data, Integer count, String nextCursor, AsOf asOf) {
        return new ApiAnswer<>(true, message, Instant.now(), data, count, nextCursor, asOf);
    }
}
