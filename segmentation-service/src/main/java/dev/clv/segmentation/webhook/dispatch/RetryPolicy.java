package dev.clv.segmentation.webhook.dispatch;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import dev.clv.segmentation.webhook.DeliveryRepository.Outcome;

/**
 * What an attempt's answer means: 2xx succeeded, 410 gone (the endpoint is disabled), anything else is retried on
 * the schedule with jitter, honouring Retry-After on 429 and 503, until the schedule runs out.
 */
public final class RetryPolicy {
    private final List<Duration> schedule;
    private final double jitter;
    private final Duration maxRetryAfter;

    public RetryPolicy(List<Duration> schedule, double jitter, Duration maxRetryAfter) {
        this.schedule = List.copyOf(schedule);
        this.jitter = jitter;
        this.maxRetryAfter = maxRetryAfter;
    }

    /** The outcome of attempt number {@code attempt} (from 1) that got {@code status} (null: no answer). */
    public Outcome outcome(int attempt, Integer status, String retryAfter, String error, int latencyMs,
            OffsetDateTime now) {
        if (status != null && status >= 200 && status < 300) {
            return new Outcome("succeeded", status, null, latencyMs, null);
        }
        if (status != null && status == 410) {
            return new Outcome("gone", status, error, latencyMs, null);
        }
        if (attempt > schedule.size()) {
            return new Outcome("failed", status, error, latencyMs, null);
        }
        Duration wait = jittered(schedule.get(attempt - 1));
        Duration asked = status != null && (status == 429 || status == 503) ? retryAfter(retryAfter, now) : null;
        return new Outcome("retry", status, error, latencyMs, now.plus(asked != null ? asked : wait));
    }

    private Duration jittered(Duration base) {
        double factor = 1 + jitter * (2 * ThreadLocalRandom.current().nextDouble() - 1);
        return Duration.ofMillis(Math.max(0, Math.round(base.toMillis() * factor)));
    }

    /** Retry-After as delay-seconds or an HTTP date, capped; null when absent or unreadable. */
    Duration retryAfter(String value, OffsetDateTime now) {
        if (value == null || value.isBlank()) {
            return null;
        }
        Duration d;
        try {
            d = Duration.ofSeconds(Math.max(0, Long.parseLong(value.strip())));
        } catch (NumberFormatException e) {
            try {
                d = Duration.between(now, ZonedDateTime.parse(value.strip(), DateTimeFormatter.RFC_1123_DATE_TIME));
            } catch (DateTimeParseException e2) {
                return null;
            }
        }
        return d.isNegative() ? Duration.ZERO : d.compareTo(maxRetryAfter) > 0 ? maxRetryAfter : d;
    }
}
