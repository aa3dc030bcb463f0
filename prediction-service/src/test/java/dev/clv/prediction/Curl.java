package dev.clv.prediction;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;

/**
 * Sends a request byte for byte as {@code curl -X POST "url"} does (the seed's examples): no body, no Content-Type,
 * no Content-Length; with a body, {@code -H "Content-Type: application/json" -d}. HTTP/1.1 over a plain socket, so
 * no client library adds anything.
 */
final class Curl {
    /** Status, headers (lower-case names) and body of an answer. */
    record Answer(int status, Map<String, String> headers, String body) {
        JsonPath json() {
            return new JsonPath(body);
        }
    }

    private Curl() {
    }

    static Answer post(String pathAndQuery, String token, String jsonBody) {
        StringBuilder head = new StringBuilder("POST " + pathAndQuery + " HTTP/1.1\r\nHost: localhost:"
                + RestAssured.port + "\r\nUser-Agent: curl/8.5.0\r\nAccept: */*\r\nAuthorization: Bearer " + token
                + "\r\nConnection: close\r\n");
        byte[] body = jsonBody == null ? new byte[0] : jsonBody.getBytes(StandardCharsets.UTF_8);
        if (jsonBody != null) {
            head.append("Content-Type: application/json\r\nContent-Length: ").append(body.length).append("\r\n");
        }
        head.append("\r\n");
        try (Socket socket = new Socket("localhost", RestAssured.port)) {
            socket.getOutputStream().write(head.toString().getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().write(body);
            socket.getOutputStream().flush();
            return read(socket.getInputStream().readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Answer read(byte[] raw) throws IOException {
        String text = new String(raw, StandardCharsets.UTF_8);
        int end = text.indexOf("\r\n\r\n");
        String[] lines = text.substring(0, end).split("\r\n");
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1)
                    .trim());
        }
        String body = text.substring(end + 4);
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            body = unchunk(new java.io.ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)));
        }
        return new Answer(Integer.parseInt(lines[0].split(" ")[1]), headers, body);
    }

    private static String unchunk(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        while (true) {
            StringBuilder size = new StringBuilder();
            for (int c = in.read(); c != '\n' && c >= 0; c = in.read()) {
                size.append((char) c);
            }
            int n = Integer.parseInt(size.toString().trim().split(";")[0], 16);
            if (n == 0) {
                return out.toString(StandardCharsets.UTF_8);
            }
            out.write(in.readNBytes(n));
            in.readNBytes(2);
        }
    }
}
