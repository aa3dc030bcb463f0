package dev.clv.prediction.registry;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.UUID;

import dev.clv.prediction.ModelType;
import dev.clv.prediction.TimeUnit;

/**
 * A registry entry. {@code parameters} are what users read (for bg_nbd r, alpha, a, b, p, q, v; for xgboost the
 * hyper-parameters); {@code artifacts} what scoring needs besides them (bootstrap parameter sets, the country
 * vocabulary); {@code onnx} the exported trees.
 */
public record StoredModel(UUID id, String tenantId, ModelType type, int version, String status,
        Map<String, Object> parameters, Map<String, Object> artifacts, byte[] onnx, LocalDate calibrationEnd,
        LocalDate holdoutEnd, TimeUnit timeUnit, Map<String, Object> features, Map<String, Object> diagnostics,
        Map<String, Object> performance, OffsetDateTime createdAt, OffsetDateTime activatedAt) {

    /** This model with one more diagnostic. */
    public StoredModel withDiagnostic(String name, Object value) {
        Map<String, Object> more = new java.util.LinkedHashMap<>(diagnostics == null ? Map.of() : diagnostics);
        more.put(name, value);
        return new StoredModel(id, tenantId, type, version, status, parameters, artifacts, onnx, calibrationEnd,
                holdoutEnd, timeUnit, features, more, performance, createdAt, activatedAt);
    }
}
