package dev.clv.prediction.trees;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;

/**
 * Converts XGBoost regressors (their JSON model) into one ONNX graph: a single ai.onnx.ml TreeEnsembleRegressor
 * whose target k is booster k. No Java library does this conversion, hence this class. What must match XGBoost
 * exactly: a split sends x < threshold left (BRANCH_LT, true branch = left child); a missing (NaN) value follows
 * the node's default_left flag (nodes_missing_value_tracks_true); a leaf's value is its split_conditions entry
 * (learning rate already applied); and each target starts from the booster's base_score, summed with its leaves
 * and no link function, as for the squared-error and quantile objectives.
 */
public final class OnnxTreeConverter {
    public static final String INPUT = "features";
    public static final String OUTPUT = "predictions";
    private static final ObjectMapper JSON = new ObjectMapper();

    private OnnxTreeConverter() {
    }

    public static byte[] convert(List<byte[]> boosterJsons, int featureCount) throws IOException {
        Ensemble e = new Ensemble();
        float[] base = new float[boosterJsons.size()];
        int treeOffset = 0;
        for (int target = 0; target < boosterJsons.size(); target++) {
            JsonNode learner = JSON.readTree(boosterJsons.get(target)).path("learner");
            String objective = learner.path("objective").path("name").asText();
            if (!objective.equals("reg:squarederror") && !objective.equals("reg:quantileerror")) {
                throw new IllegalArgumentException("no identity link for objective " + objective);
            }
            base[target] = Float.parseFloat(learner.path("learner_model_param").path("base_score").asText()
                    .replace("[", "").replace("]", ""));
            JsonNode trees = learner.path("gradient_booster").path("model").path("trees");
            for (JsonNode tree : trees) {
                e.add(tree, treeOffset++, target);
            }
        }
        NodeProto.Builder node = NodeProto.newBuilder().setOpType("TreeEnsembleRegressor").setDomain("ai.onnx.ml")
                .setName("xgboost").addInput(INPUT).addOutput(OUTPUT)
                .addAttribute(AttributeProto.newBuilder().setName("n_targets").setType(AttributeProto.AttributeType.INT)
                        .setI(boosterJsons.size()))
                .addAttribute(string("aggregate_function", "SUM")).addAttribute(string("post_transform", "NONE"))
                .addAttribute(floats("base_values", base)).addAttribute(ints("nodes_treeids", e.treeIds))
                .addAttribute(ints("nodes_nodeids", e.nodeIds)).addAttribute(ints("nodes_featureids", e.featureIds))
                .addAttribute(floats("nodes_values", e.values)).addAttribute(strings("nodes_modes", e.modes))
                .addAttribute(ints("nodes_truenodeids", e.trueIds)).addAttribute(ints("nodes_falsenodeids", e.falseIds))
                .addAttribute(ints("nodes_missing_value_tracks_true", e.missingTrue))
                .addAttribute(ints("target_treeids", e.leafTreeIds)).addAttribute(ints("target_nodeids", e.leafNodeIds))
                .addAttribute(ints("target_ids", e.leafTargets)).addAttribute(floats("target_weights", e.leafWeights));
        GraphProto graph = GraphProto.newBuilder().setName("clv_trees").addNode(node)
                .addInput(tensor(INPUT, featureCount)).addOutput(tensor(OUTPUT, boosterJsons.size())).build();
        return ModelProto.newBuilder().setIrVersion(8).setProducerName("clv-platform").setGraph(graph)
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(17))
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("ai.onnx.ml").setVersion(3)).build()
                .toByteArray();
    }

    /** The ensemble's parallel attribute arrays. */
    private static final class Ensemble {
        final List<Long> treeIds = new ArrayList<>(), nodeIds = new ArrayList<>(), featureIds = new ArrayList<>();
        final List<Long> trueIds = new ArrayList<>(), falseIds = new ArrayList<>(), missingTrue = new ArrayList<>();
        final List<Float> values = new ArrayList<>();
        final List<String> modes = new ArrayList<>();
        final List<Long> leafTreeIds = new ArrayList<>(), leafNodeIds = new ArrayList<>(),
                leafTargets = new ArrayList<>();
        final List<Float> leafWeights = new ArrayList<>();

        void add(JsonNode tree, long treeId, int target) {
            JsonNode left = tree.path("left_children"), right = tree.path("right_children");
            JsonNode split = tree.path("split_indices"), condition = tree.path("split_conditions");
            JsonNode defaultLeft = tree.path("default_left");
            for (int n = 0; n < left.size(); n++) {
                boolean leaf = left.get(n).asInt() == -1;
                treeIds.add(treeId);
                nodeIds.add((long) n);
                if (leaf) {
                    featureIds.add(0L);
                    values.add(0f);
                    modes.add("LEAF");
                    trueIds.add(0L);
                    falseIds.add(0L);
                    missingTrue.add(0L);
                    leafTreeIds.add(treeId);
                    leafNodeIds.add((long) n);
                    leafTargets.add((long) target);
                    leafWeights.add((float) condition.get(n).asDouble());
                } else {
                    featureIds.add(split.get(n).asLong());
                    values.add((float) condition.get(n).asDouble());
                    modes.add("BRANCH_LT");
                    trueIds.add(left.get(n).asLong());
                    falseIds.add(right.get(n).asLong());
                    missingTrue.add(defaultLeft.get(n).asBoolean() || defaultLeft.get(n).asInt() == 1 ? 1L : 0L);
                }
            }
        }
    }

    private static ValueInfoProto tensor(String name, int columns) {
        TensorShapeProto shape = TensorShapeProto.newBuilder()
                .addDim(TensorShapeProto.Dimension.newBuilder().setDimParam("rows"))
                .addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(columns)).build();
        return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder().setTensorType(
                TypeProto.Tensor.newBuilder().setElemType(TensorProto.DataType.FLOAT.getNumber()).setShape(shape)))
                .build();
    }

    private static AttributeProto ints(String name, List<Long> values) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INTS).addAllInts(values)
                .build();
    }

    private static AttributeProto floats(String name, List<Float> values) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.FLOATS)
                .addAllFloats(values).build();
    }

    private static AttributeProto floats(String name, float[] values) {
        List<Float> list = new ArrayList<>();
        for (float v : values) {
            list.add(v);
        }
        return floats(name, list);
    }

    private static AttributeProto string(String name, String value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.STRING)
                .setS(com.google.protobuf.ByteString.copyFromUtf8(value)).build();
    }

    private static AttributeProto strings(String name, List<String> values) {
        AttributeProto.Builder b = AttributeProto.newBuilder().setName(name)
                .setType(AttributeProto.AttributeType.STRINGS);
        values.forEach(v -> b.addStrings(com.google.protobuf.ByteString.copyFromUtf8(v)));
        return b.build();
    }
}
