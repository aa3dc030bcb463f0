package dev.clv.contracts.problem;

import java.util.List;

/** Thrown anywhere to answer with a problem; the mappers turn it into {@code application/problem+json}. */
public class ProblemException extends RuntimeException {
    private final transient Problem problem;
    private final Integer retryAfterSeconds;

    public ProblemException(Problem problem) {
        this(problem, null);
    }

    public ProblemException(Problem problem, Integer retryAfterSeconds) {
        super(problem.detail(), null, false, false);
        this.problem = problem;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public Problem problem() {
        return problem;
    }

    public Integer retryAfterSeconds() {
        return retryAfterSeconds;
    }

    public static ProblemException badRequest(String detail, List<Problem.FieldError> errors) {
        return new ProblemException(new Problem("about:blank", "Bad Request", 400, detail, null, errors));
    }

    public static ProblemException badRequest(String field, String reason) {
        return badRequest("Invalid parameter '" + field + "': " + reason,
                List.of(new Problem.FieldError(field, reason)));
    }

    public static ProblemException unauthorized(String detail) {
        return new ProblemException(Problem.of(401, "Unauthorized", detail));
    }

    public static ProblemException forbidden(String detail) {
        return new ProblemException(Problem.of(403, "Forbidden", detail));
    }

    public static ProblemException notFound(String detail) {
        return new ProblemException(Problem.of(404, "Not Found", detail));
    }

    public static ProblemException conflict(String detail) {
        return new ProblemException(Problem.of(409, "Conflict", detail));
    }

    public static ProblemException unprocessable(String field, String reason) {
        return new ProblemException(new Problem("about:blank", "Unprocessable Content", 422,
                "Invalid '" + field + "': " + reason, null, List.of(new Problem.FieldError(field, reason))));
    }

    public static ProblemException unavailable(String detail, int retryAfterSeconds) {
        return new ProblemException(Problem.of(503, "Service Unavailable", detail), retryAfterSeconds);
    }
}
