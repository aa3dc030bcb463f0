package dev.clv.prediction.registry;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.clv.prediction.btyd.BgNbdModel;
import dev.clv.prediction.btyd.BgNbdParameters;
import dev.clv.prediction.btyd.ClvCalculator;
import dev.clv.prediction.btyd.GammaGammaModel;
import dev.clv.prediction.btyd.GammaGammaParameters;
import dev.clv.prediction.trees.OnnxTreeScorer;
import dev.clv.prediction.trees.TreeFeatures;

/** Turns fitted parameters into registry JSON and registry entries back into scoring models. */
public final class ModelCodec {
    private ModelCodec() {
    }

    public static Map<String, Object> parameters(BgNbdParameters bg, GammaGammaParameters gg) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("r", bg.r());
        p.put("alpha", bg.alpha());
        p.put("a", bg.a());
        p.put("b", bg.b());
        p.put("p", gg.p());
        p.put("q", gg.q());
        p.put("v", gg.v());
        return p;
    }

    public static List<List<Double>> bootstrap(List<BgNbdParameters> bg, List<GammaGammaParameters> gg) {
        List<List<Double>> sets = new ArrayList<>();
        for (int i = 0; i < Math.min(bg.size(), gg.size()); i++) {
            BgNbdParameters b = bg.get(i);
            GammaGammaParameters g = gg.get(i);
            sets.add(List.of(b.r(), b.alpha(), b.a(), b.b(), g.p(), g.q(), g.v()));
        }
        return sets;
    }

    @SuppressWarnings("unchecked")
    public static LoadedModel load(StoredModel m) {
        try {
            return switch (m.type()) {
                case BG_NBD -> {
                    Map<String, Object> p = m.parameters();
                    List<BgNbdParameters> bg = new ArrayList<>();
                    List<GammaGammaParameters> gg = new ArrayList<>();
                    for (List<Number> set : (List<List<Number>>) m.artifacts().getOrDefault("bootstrap", List.of())) {
                        bg.add(new BgNbdParameters(d(set.get(0)), d(set.get(1)), d(set.get(2)), d(set.get(3))));
                        gg.add(new GammaGammaParameters(d(set.get(4)), d(set.get(5)), d(set.get(6))));
                    }
                    yield new LoadedModel.Btyd(m, new ClvCalculator(
                            new BgNbdModel(new BgNbdParameters(d(p.get("r")), d(p.get("alpha")), d(p.get("a")),
                                    d(p.get("b")))),
                            new GammaGammaModel(new GammaGammaParameters(d(p.get("p")), d(p.get("q")), d(p.get("v"))))),
                            bg, gg);
                }
                case XGBOOST -> new LoadedModel.Trees(m, new OnnxTreeScorer(m.onnx(), TreeFeatures.width()),
                        (List<String>) m.artifacts().getOrDefault("countries", List.of()));
            };
        } catch (ai.onnxruntime.OrtException e) {
            throw new IllegalStateException("model " + m.id() + " cannot be loaded: " + e.getMessage(), e);
        }
    }

    private static double d(Object n) {
        return ((Number) n).doubleValue();
    }
}
