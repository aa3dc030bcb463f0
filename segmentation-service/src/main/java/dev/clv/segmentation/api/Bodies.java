package dev.clv.segmentation.api;

import java.io.IOException;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.clv.contracts.problem.ProblemException;

/**
 * Reads a JSON body here rather than in the REST layer: Jackson reports some numbers (an exponent of many digits)
 * as a NumberFormatException, which must be a 400 like any other unreadable body, not a 500.
 */
public final class Bodies {
    private Bodies() {
    }

    public static <T> T read(ObjectMapper mapper, byte[] body, Class<T> type) {
        if (body == null || body.length == 0) {
            throw ProblemException.badRequest("body", "must be a JSON object");
        }
        try {
            return mapper.readValue(body, type);
        } catch (IOException | NumberFormatException e) {
            throw ProblemException.badRequest("body", "is not a readable JSON object of the expected shape");
        }
    }
}
