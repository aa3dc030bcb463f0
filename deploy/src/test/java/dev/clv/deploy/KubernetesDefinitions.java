package dev.clv.deploy;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;

import io.fabric8.kubernetes.schema.validator.Validator;

/**
 * Validates objects of the {@code *.k8s.io} API groups, which Fabric8's validator skips by their group's name, against
 * the same Kubernetes schema it bundles: each kind's definition as JSON Schema, unknown fields refused (the API
 * server prunes or, with strict field validation, rejects them) and IntOrString taking a number or a string.
 */
final class KubernetesDefinitions {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final ObjectNode definitions;
    private final Map<String, Schema> byKind = new HashMap<>();

    KubernetesDefinitions() throws IOException {
        try (InputStream in = Validator.class.getResourceAsStream("/openshift-generated.json")) {
            definitions = (ObjectNode) JSON.readTree(in).path("definitions");
        }
        definitions.set("io.k8s.apimachinery.pkg.util.intstr.IntOrString", JSON.readTree(
                "{\"anyOf\":[{\"type\":\"integer\"},{\"type\":\"string\"}]}"));
        definitions.forEach(CrdSchemas::closeObjects);
    }

    /** What is wrong with {@code object} (apiVersion group.k8s.io/version), one line each; empty when it is valid. */
    List<String> problems(JsonNode object) {
        String[] apiVersion = object.path("apiVersion").asText().split("/");
        String group = apiVersion[0].replace(".k8s.io", "");
        String name = "io.k8s.api." + group + "." + apiVersion[1] + "." + object.path("kind").asText();
        if (!definitions.has(name)) {
            throw new IllegalArgumentException("no definition " + name);
        }
        Schema schema = byKind.computeIfAbsent(name, n -> {
            ObjectNode root = JSON.createObjectNode();
            root.put("$ref", "#/definitions/" + n);
            root.set("definitions", definitions);
            return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_4).getSchema(root.toString());
        });
        List<String> out = new ArrayList<>();
        for (Error e : schema.validate(object)) {
            out.add(e.getInstanceLocation() + ": " + e.getMessage());
        }
        return out;
    }

}
