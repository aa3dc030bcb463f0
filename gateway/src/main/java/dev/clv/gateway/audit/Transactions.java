package dev.clv.gateway.audit;

import java.sql.Connection;
import java.sql.SQLException;

/** One JDBC transaction on a connection: committed when the work returns, rolled back when it throws. */
final class Transactions {
    /** Work done inside the transaction. */
    interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private Transactions() {
    }

    static <T> T run(Connection c, Work<T> work) throws SQLException {
        c.setAutoCommit(false);
        try {
            T result = work.run(c);
            c.commit();
            return result;
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(true);
        }
    }
}
