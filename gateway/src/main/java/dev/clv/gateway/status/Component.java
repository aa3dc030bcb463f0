package dev.clv.gateway.status;

import io.vertx.core.json.JsonObject;

/** One part of the platform as {@code GET /health} reports it: up, down, unreachable or unknown, with details. */
record Component(String status, JsonObject details) {
    static final String UP = "up";
    static final String DOWN = "down";
    static final String UNREACHABLE = "unreachable";
    static final String UNKNOWN = "unknown";

    static Component of(String status) {
        return new Component(status, new JsonObject());
    }

    boolean up() {
        return UP.equals(status);
    }

    JsonObject toJson() {
        return new JsonObject().put("status", status).mergeIn(details);
    }
}
