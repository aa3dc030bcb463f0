package dev.clv.ingestion;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.clv.contracts.problem.Problem.FieldError;
import dev.clv.contracts.problem.ProblemException;

/** What every small JSON command body shares: read as one object, or refused naming every wrong field. */
public final class JsonBodies {
    private static final int REPORTED_ERRORS = 20;

    private JsonBodies() {
    }

    /** The body as a JSON object, or a 400 for field {@code body} saying what was {@code expected}. */
    public static JsonNode object(ObjectMapper json, byte[] body, String expected) {
        if (body == null || body.length == 0) {
            throw ProblemException.badRequest("body", "the body is empty");
        }
        try {
            JsonNode root = json.readTree(new String(body, StandardCharsets.UTF_8));
            if (root != null && root.isObject()) {
                return root;
            }
        } catch (IOException | IllegalArgumentException e) {
            // reported below
        }
        throw ProblemException.badRequest("body", expected);
    }

    /** Nothing when there are no errors; else a 400 naming the first in its detail and the first 20 in its list. */
    public static void refuseIfAny(List<FieldError> errors) {
        if (!errors.isEmpty()) {
            FieldError first = errors.get(0);
            throw ProblemException.badRequest("Invalid '" + first.field() + "': " + first.reason()
                    + (errors.size() > 1 ? " (and " + (errors.size() - 1) + " more)" : ""),
                    errors.stream().limit(REPORTED_ERRORS).toList());
        }
    }
}
