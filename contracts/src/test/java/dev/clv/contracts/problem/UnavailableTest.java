package dev.clv.contracts.problem;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ConnectException;

import org.junit.jupiter.api.Test;

class UnavailableTest {
    @Test
    void aRefusedOrLostConnectionIsUnavailabilityAndABugIsNot() {
        assertTrue(Unavailable.is(new RuntimeException("wrapped", new ConnectException("Connection refused"))));
        assertTrue(Unavailable.is(new io.vertx.core.VertxException("Connection refused: localhost/127.0.0.1:5432")));
        assertFalse(Unavailable.is(new IllegalStateException("a bug")));
        assertFalse(Unavailable.is(new NullPointerException()));
    }
}
