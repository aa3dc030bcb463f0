package dev.clv.prediction.registry;

import java.util.List;

import dev.clv.prediction.btyd.BgNbdParameters;
import dev.clv.prediction.btyd.ClvCalculator;
import dev.clv.prediction.btyd.GammaGammaParameters;
import dev.clv.prediction.trees.OnnxTreeScorer;

/** A registry entry made ready to score: the formulas with their parameters, or an ONNX Runtime session. */
public sealed interface LoadedModel {
    StoredModel meta();

    /** BG/NBD with Gamma-Gamma and the bootstrap parameter sets for intervals. */
    record Btyd(StoredModel meta, ClvCalculator calculator, List<BgNbdParameters> bgNbdBootstrap,
            List<GammaGammaParameters> gammaGammaBootstrap) implements LoadedModel {
    }

    /** The exported trees (targets: mean, 5%, 95%) and the country vocabulary of their features. */
    record Trees(StoredModel meta, OnnxTreeScorer scorer, List<String> countries) implements LoadedModel {
    }
}
