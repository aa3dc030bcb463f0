package dev.clv.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;

/**
 * Validates custom resources against the vendored CRDs' OpenAPI schemas (deploy/crds), as the API server would:
 * types, enums, required fields, and no field the schema does not declare. The API server drops such a field (or,
 * with kubectl's strict field validation, refuses it), so here every object schema that lists its properties and
 * does not preserve unknown fields gets {@code additionalProperties: false}.
 */
final class CrdSchemas {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_4);
    private final Map<String, Schema> byKind = new HashMap<>();

    /** The schemas of every CRD under {@code folder}, keyed by apiVersion and kind (e.g. postgresql.cnpg.io/v1 Cluster). */
    CrdSchemas(Path folder) throws IOException {
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path file : files.filter(f -> f.toString().matches(".*\\.ya?ml")).toList()) {
                JsonNode crd = YAML.readTree(file.toFile());
                if (!"CustomResourceDefinition".equals(crd.path("kind").asText())) {
                    continue;
                }
                String group = crd.path("spec").path("group").asText();
                String kind = crd.path("spec").path("names").path("kind").asText();
                for (JsonNode version : crd.path("spec").path("versions")) {
                    ObjectNode schema = version.path("schema").path("openAPIV3Schema").deepCopy();
                    // every object has these, whether or not its CRD lists them (the API server checks them itself)
                    ObjectNode root = schema.with("properties");
                    root.putObject("apiVersion").put("type", "string");
                    root.putObject("kind").put("type", "string");
                    root.putObject("metadata").put("type", "object");
                    closeObjects(schema);
                    byKind.put(group + "/" + version.path("name").asText() + " " + kind, REGISTRY.getSchema(
                            YAML.writeValueAsString(schema), InputFormat.YAML));
                }
            }
        }
    }

    /** What is wrong with {@code resource}, one line each; empty when it is valid. An unknown kind fails. */
    List<String> problems(JsonNode resource) {
        String key = resource.path("apiVersion").asText() + " " + resource.path("kind").asText();
        Schema schema = byKind.get(key);
        if (schema == null) {
            throw new IllegalArgumentException("no vendored CRD for " + key);
        }
        List<String> out = new ArrayList<>();
        for (Error e : schema.validate(resource)) {
            out.add(e.getInstanceLocation() + ": " + e.getMessage());
        }
        return out;
    }

    /** Every document of a manifest file. */
    static List<JsonNode> documents(Path file) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        try (var parser = YAML.getFactory().createParser(file.toFile())) {
            Iterator<JsonNode> docs = YAML.readValues(parser, JsonNode.class);
            while (docs.hasNext()) {
                JsonNode doc = docs.next();
                if (doc != null && !doc.isNull() && !doc.isMissingNode()) {
                    out.add(doc);
                }
            }
        }
        return out;
    }

    /**
     * Refuses unknown fields in {@code schema} and every schema nested in it: each object schema that lists its
     * properties and neither says what else it takes nor preserves unknown fields gets additionalProperties false.
     * Only schemas are walked (a property may well be named "properties").
     */
    static void closeObjects(JsonNode schema) {
        if (!(schema instanceof ObjectNode object)) {
            return;
        }
        boolean preserves = object.path("x-kubernetes-preserve-unknown-fields").asBoolean(false);
        if (object.path("properties").isObject() && !object.has("additionalProperties") && !preserves) {
            object.put("additionalProperties", false);
        }
        object.path("properties").forEach(CrdSchemas::closeObjects);
        closeObjects(object.get("items"));
        closeObjects(object.get("additionalProperties"));
        for (String combined : new String[]{"allOf", "anyOf", "oneOf"}) {
            object.path(combined).forEach(CrdSchemas::closeObjects);
        }
    }
}
