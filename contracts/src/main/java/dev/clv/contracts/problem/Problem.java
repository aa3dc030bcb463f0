package dev.clv.contracts.problem;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/** An RFC 9457 problem details body; {@code errors} names each offending field and why. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Problem(String type, String title, int status, String detail, String instance, List<FieldError> errors) {
    public static final String MEDIA_TYPE = "application/problem+json";

    public static Problem of(int status, String title, String detail) {
        return new Problem("about:blank", title, status, detail, null, List.of());
    }

    public Problem withInstance(String path) {
        return new Problem(type, title, status, detail, path, errors);
    }

    /** One rejected field: {@code field} is a JSON path or parameter name, {@code reason} is for a human. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record FieldError(String field, String reason, Integer row) {
        public FieldError(String field, String reason) {
            this(field, reason, null);
        }
    }
}
