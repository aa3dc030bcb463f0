package dev.clv.analytics.query.c360;

import dev.clv.analytics.query.answer.CancellableQuery;
import java.util.List;
import java.util.Map;

import dev.clv.analytics.query.answer.AnswerParams;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * An insight that is one query over the aggregates, its rows named by their SQL aliases, then shaped in Java; the
 * rows also carry the seed's names of their members ({@link SeedNames}).
 */
abstract class SqlInsight implements Insight {
    private final Pool pool;
    private final String path;
    private final String sql;

    SqlInsight(Pool pool, String path, String sql) {
        this.pool = pool;
        this.path = path;
        this.sql = sql;
    }

    @Override
    public String path() {
        return path;
    }

    /** The query's parameters: the tenant and whatever the caller's (validated) parameters add. */
    abstract Tuple args(String tenant, AnswerParams params);

    /** The statement for these parameters; by default the one given at construction. */
    String sql(AnswerParams params) {
        return sql;
    }

    /** The answer made of the rows; by default the rows themselves. */
    Result shape(List<Map<String, Object>> rows, AnswerParams params) {
        return Result.of(rows);
    }

    @Override
    public Uni<Result> run(String tenant, AnswerParams params) {
        Tuple args = args(tenant, params);
        return CancellableQuery.execute(pool, sql(params), args).map(rows -> {
            Result result = shape(SqlRows.maps(rows), params);
            return new Result(SeedNames.add(result.data()), result.count(), result.nextCursor());
        });
    }
}
