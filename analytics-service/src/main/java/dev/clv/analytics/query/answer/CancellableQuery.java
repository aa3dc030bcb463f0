package dev.clv.analytics.query.answer;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.pgclient.PgConnection;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Runs a long query so that it stops when nobody waits for it any more: when the caller goes away (the HTTP
 * client disconnects and the answer's subscription is cancelled) PostgreSQL is asked to cancel the statement,
 * instead of finishing work whose answer nobody reads. The pool's statement timeout bounds it in any case.
 */
public final class CancellableQuery {
    private CancellableQuery() {
    }

    public static Uni<RowSet<Row>> execute(Pool pool, String sql, Tuple args) {
        return pool.getConnection().chain(conn -> conn.preparedQuery(sql).execute(args)
                .onCancellation().call(() -> PgConnection.cast(conn).cancelRequest().onFailure().recoverWithNull())
                .onTermination().call(conn::close));
    }
}
