package dev.clv.contracts.problem;

import java.util.Map;

/**
 * The {@code error_type} of a problem: the RFC 9110 reason phrase of its status in CamelCase ({@code NotFound},
 * {@code UnprocessableContent}), derived from the status and never from the title, so clients can switch on it.
 */
public final class ErrorTypes {
    private static final Map<Integer, String> BY_STATUS = Map.ofEntries(
            Map.entry(400, "BadRequest"), Map.entry(401, "Unauthorized"), Map.entry(402, "PaymentRequired"),
            Map.entry(403, "Forbidden"), Map.entry(404, "NotFound"), Map.entry(405, "MethodNotAllowed"),
            Map.entry(406, "NotAcceptable"), Map.entry(407, "ProxyAuthenticationRequired"),
            Map.entry(408, "RequestTimeout"), Map.entry(409, "Conflict"), Map.entry(410, "Gone"),
            Map.entry(411, "LengthRequired"), Map.entry(412, "PreconditionFailed"),
            Map.entry(413, "ContentTooLarge"), Map.entry(414, "UriTooLong"), Map.entry(415, "UnsupportedMediaType"),
            Map.entry(416, "RangeNotSatisfiable"), Map.entry(417, "ExpectationFailed"),
            Map.entry(421, "MisdirectedRequest"), Map.entry(422, "UnprocessableContent"),
            Map.entry(425, "TooEarly"), Map.entry(426, "UpgradeRequired"), Map.entry(428, "PreconditionRequired"),
            Map.entry(429, "TooManyRequests"), Map.entry(431, "RequestHeaderFieldsTooLarge"),
            Map.entry(451, "UnavailableForLegalReasons"), Map.entry(500, "InternalServerError"),
            Map.entry(501, "NotImplemented"), Map.entry(502, "BadGateway"), Map.entry(503, "ServiceUnavailable"),
            Map.entry(504, "GatewayTimeout"), Map.entry(505, "HttpVersionNotSupported"));

    private ErrorTypes() {
    }

    /** The name of {@code status}; one without a registered phrase is {@code ClientError} or {@code ServerError}. */
    public static String of(int status) {
        String name = BY_STATUS.get(status);
        if (name != null) {
            return name;
        }
        return status >= 500 ? "ServerError" : status >= 400 ? "ClientError" : "HttpStatus" + status;
    }
}
