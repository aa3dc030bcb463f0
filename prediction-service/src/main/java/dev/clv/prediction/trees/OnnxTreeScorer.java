package dev.clv.prediction.trees;

import java.nio.FloatBuffer;
import java.util.Map;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;

/**
 * Runs a converted tree ensemble in ONNX Runtime: rows in, one prediction per target out. A session is thread-safe
 * and costly to build, so one is kept per model; single-threaded inside (the service parallelises across calls).
 */
public final class OnnxTreeScorer implements AutoCloseable {
    private static final OrtEnvironment ENV = OrtEnvironment.getEnvironment();
    private final OrtSession session;
    private final int width;

    public OnnxTreeScorer(byte[] onnx, int width) throws OrtException {
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(1);
            options.setInterOpNumThreads(1);
            this.session = ENV.createSession(onnx, options);
        }
        this.width = width;
    }

    /** Scores {@code rows} rows laid out row by row in {@code features}; answers [row][target]. */
    public float[][] score(float[] features, int rows) throws OrtException {
        try (OnnxTensor input = OnnxTensor.createTensor(ENV, FloatBuffer.wrap(features, 0, rows * width),
                new long[]{rows, width});
                OrtSession.Result result = session.run(Map.of(OnnxTreeConverter.INPUT, input))) {
            return (float[][]) result.get(0).getValue();
        }
    }

    @Override
    public void close() throws OrtException {
        session.close();
    }
}
