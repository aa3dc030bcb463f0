package dev.clv.analytics.query.pipe;

import java.time.Instant;
import java.util.List;

import dev.clv.analytics.query.answer.AnswerParams;
import dev.clv.analytics.query.pipe.PipeResponse.Column;
import dev.clv.analytics.query.snapshot.SnapshotSource;
import io.smallrye.mutiny.Uni;

/** One Tinybird-style pipe: its name, result columns, and a query over the maintained aggregates. */
public interface Pipe {
    String name();

    List<Column> columns();

    /** The columns of an answer to these parameters (a pipe may add columns a parameter asks for). */
    default List<Column> columns(AnswerParams params) {
        return columns();
    }

    /** Whether it reads every customer of the tenant when computed live (then it takes a {@code HeavyAnswers} permit). */
    default boolean heavy() {
        return false;
    }

    /** Whether an answer to these parameters reads every customer (a parameter may ask for more work). */
    default boolean heavy(AnswerParams params) {
        return heavy();
    }

    /** The result rows, each with one value per column in {@link #columns()} order. */
    Uni<List<List<Object>>> run(String tenant, AnswerParams params);

    /** The rows, and whether they come from a materialised snapshot (then as_of is the snapshot's). */
    default Uni<Answer> answer(String tenant, AnswerParams params) {
        return run(tenant, params).map(rows -> new Answer(rows, null));
    }

    /** Result rows, and the watermark of the snapshot they were read from (null: read live). */
    record Answer(List<List<Object>> rows, Instant snapshotWatermark) {
        /** The rows a snapshot stored (as JSON values), with its watermark. */
        @SuppressWarnings("unchecked")
        public static Answer of(SnapshotSource.Snapshot snapshot) {
            return new Answer((List<List<Object>>) snapshot.data(), snapshot.watermark());
        }
    }
}
