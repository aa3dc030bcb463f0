package dev.clv.contracts.problem;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.nio.channels.ClosedChannelException;
import java.util.concurrent.TimeoutException;

/**
 * Whether a failure means a dependency is away (the database restarting, a connection refused or closed) rather
 * than a fault of the request or of the code: such failures become 503 with Retry-After, not 500.
 */
final class Unavailable {
    private Unavailable() {
    }

    static boolean is(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ConnectException || t instanceof NoRouteToHostException
                    || t instanceof ClosedChannelException || t instanceof TimeoutException) {
                return true;
            }
            String name = t.getClass().getName();
            String message = String.valueOf(t.getMessage());
            // the reactive SQL client reports a lost or refused connection with its own bare exceptions
            if ((name.startsWith("io.vertx.") || name.startsWith("io.netty."))
                    && (message.contains("Connection refused")
                            || message.contains("Connection reset") || message.contains("Pool closed")
                            || message.contains("closed") || message.contains("Timeout"))) {
                return true;
            }
            // PostgreSQL's own codes for it (contracts does not depend on the driver, so read from the message):
            // connection exceptions, administrator shutdown, cannot connect now
            if (name.equals("io.vertx.pgclient.PgException") && (message.contains("(08") || message.contains("(57P01)")
                    || message.contains("(57P03)"))) {
                return true;
            }
        }
        return false;
    }
}
