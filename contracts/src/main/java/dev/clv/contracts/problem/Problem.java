package dev.clv.contracts.problem;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;

/**
 * An RFC 9457 problem details body; {@code errors} names each offending field and why. It also carries the error
 * envelope of the Customer 360 API (seed 002) as extension members, so clients of either kind read it unchanged:
 * {@code success: false}, {@code error_type} (see {@link ErrorTypes}), {@code error_message} (= detail),
 * {@code timestamp} and {@code error_details.status_code}. {@code extensions} adds members of one kind of problem.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@JsonPropertyOrder({"type", "title", "status", "detail", "instance", "errors", "success", "error_type",
        "error_message", "timestamp", "error_details"})
public record Problem(String type, String title, int status, String detail, String instance, List<FieldError> errors,
        @JsonSerialize(using = ToStringSerializer.class) @JsonProperty("timestamp") Instant timestamp,
        @JsonIgnore Map<String, Object> extensions) {
    public static final String MEDIA_TYPE = "application/problem+json";

    public Problem {
        extensions = extensions == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(extensions));
    }

    /** A problem that happens now. */
    public Problem(String type, String title, int status, String detail, String instance, List<FieldError> errors) {
        this(type, title, status, detail, instance, errors, Instant.now(), Map.of());
    }

    public static Problem of(int status, String title, String detail) {
        return new Problem("about:blank", title, status, detail, null, List.of());
    }

    public Problem withInstance(String path) {
        return new Problem(type, title, status, detail, path, errors, timestamp, extensions);
    }

    /** This problem with one more extension member (RFC 9457 §3.2), written after the standard members. */
    public Problem with(String member, Object value) {
        Map<String, Object> more = new LinkedHashMap<>(extensions);
        more.put(member, value);
        return new Problem(type, title, status, detail, instance, errors, timestamp, more);
    }

    /** Always false: the seed 002 clients test this member before reading any other. */
    @JsonProperty("success")
    public boolean success() {
        return false;
    }

    @JsonProperty("error_type")
    public String errorType() {
        return ErrorTypes.of(status);
    }

    @JsonProperty("error_message")
    public String errorMessage() {
        return detail;
    }

    @JsonProperty("error_details")
    public Map<String, Integer> errorDetails() {
        return Map.of("status_code", status);
    }

    @JsonAnyGetter
    Map<String, Object> members() {
        return extensions;
    }

    /** One rejected field: {@code field} is a JSON path or parameter name, {@code reason} is for a human. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record FieldError(String field, String reason, Integer row) {
        public FieldError(String field, String reason) {
            this(field, reason, null);
        }
    }
}
