package dev.clv.datagen;

/** String quoting for the generated rows, whose values are plain ASCII words and ids chosen here. */
final class Json {
    private Json() {
    }

    static String string(String value) {
        return value == null ? "null" : "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
