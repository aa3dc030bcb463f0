package dev.clv.ingestion.stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Flow;

import org.junit.jupiter.api.Test;

import dev.clv.contracts.problem.ProblemException;
import dev.clv.ingestion.config.IngestionConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.runtime.configuration.MemorySize;

/**
 * The stream's bookkeeping without Kafka or HTTP: ids across replicas, resumes, what the buffer let go of, erasures,
 * slow clients and the limits. Kafka's part and the wire are {@code EventStreamTest}'s.
 */
class EventStreamsTest {
    private static final String T = "tenant";

    record Config(int bufferEvents, int maxPending, int maxPerTenant) implements IngestionConfig.Stream {
        @Override
        public Duration heartbeat() {
            return Duration.ofSeconds(15);
        }

        @Override
        public MemorySize bufferBytes() {
            return new MemorySize(BigInteger.valueOf(1 << 20));
        }

        @Override
        public Duration bufferAge() {
            return Duration.ofMinutes(5);
        }

        @Override
        public int maxConnections() {
            return 100;
        }

        @Override
        public Duration pollTimeout() {
            return Duration.ofMillis(100);
        }
    }

    /** A client: takes what it is given (as much as it asked for), and whether the stream ended. */
    static final class Client implements Flow.Subscriber<StreamMessage> {
        final List<StreamMessage> got = new ArrayList<>();
        Flow.Subscription subscription;
        boolean completed;
        private final long initial;

        Client(long initial) {
            this.initial = initial;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            if (initial > 0) {
                s.request(initial);
            }
        }

        @Override
        public void onNext(StreamMessage item) {
            got.add(item);
        }

        @Override
        public void onError(Throwable throwable) {
            throw new AssertionError(throwable);
        }

        @Override
        public void onComplete() {
            completed = true;
        }

        /** The event ids of the events it got. */
        List<String> events() {
            return got.stream().filter(StreamMessage::isEvent).map(m -> {
                int at = m.data().indexOf("\"event_id\":\"") + 12;
                return m.data().substring(at, m.data().indexOf('"', at));
            }).toList();
        }

        String lastId() {
            String id = null;
            for (StreamMessage m : got) {
                id = m.id() == null ? id : m.id();
            }
            return id;
        }
    }

    private static EventStreams replica(Config config, int partitions) {
        EventStreams streams = new EventStreams(config, new SimpleMeterRegistry());
        Map<Integer, Long> start = new java.util.HashMap<>();
        for (int p = 0; p < partitions; p++) {
            start.put(p, 0L);
        }
        streams.partitionsFound(start);
        streams.markReady();
        return streams;
    }

    private static Client connect(EventStreams streams, String customer, String lastEventId, long request) {
        Client client = new Client(request);
        streams.connect(streams.acquire(T), T, null, customer, lastEventId).subscribe().withSubscriber(client);
        return client;
    }

    private static void append(EventStreams streams, String customer, int partition, long offset, String name) {
        append(streams, customer, partition, offset, System.currentTimeMillis(), name);
    }

    private static void append(EventStreams streams, String customer, int partition, long offset, long timestamp,
            String name) {
        streams.append(T, customer, partition, offset, timestamp, value(name, customer));
    }

    /** A record's value as ingestion writes it. */
    private static byte[] value(String eventId, String customer) {
        return ("{\"tenant_id\":\"" + T + "\",\"event_id\":\"" + eventId + "\",\"customer_id\":\"" + customer
                + "\",\"event_type\":\"page_view\",\"timestamp\":\"2024-05-01T10:00:00Z\",\"properties\":"
                + "{\"amount\":99.90}}").getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    @Test
    void idsNameEveryPartitionsNextOffset() {
        assertEquals("0-2.1-0.2-17", StreamIds.encode(new long[]{2, 0, 17}));
        assertArrayEquals(new long[]{2, 0, 17}, StreamIds.parse("0-2.1-0.2-17"));
        assertArrayEquals(new long[]{0, 0, 5}, StreamIds.parse("2-5"));
        for (String bad : List.of("", "x", "0-", "-1", "0-1.", "0--1", "a-1", "0-1.1", "99999-1", "0-1 1-2")) {
            assertNull(StreamIds.parse(bad), bad);
        }
        assertTrue(StreamIds.covers(new long[]{3, 4}, new long[]{3, 4, 0}));
        assertArrayEquals(new long[]{3, 5, 1}, StreamIds.max(new long[]{3, 2}, new long[]{1, 5, 1}));
    }

    @Test
    void aClientResumingOnAReplicaBehindGetsNothingTwiceAndItsIdNeverGoesBack() {
        EventStreams a = replica(new Config(1000, 1000, 20), 2);
        Client first = connect(a, null, null, Long.MAX_VALUE);
        append(a, "c", 0, 0, "e0");
        append(a, "d", 1, 0, "e1");
        append(a, "c", 0, 1, "e2");
        assertEquals(List.of("e0", "e1", "e2"), first.events());
        assertEquals("0-2.1-1", first.lastId());

        // replica b has read e0 only when the client comes back to it
        EventStreams b = replica(new Config(1000, 1000, 20), 2);
        append(b, "c", 0, 0, "e0");
        Client resumed = connect(b, null, first.lastId(), Long.MAX_VALUE);
        assertEquals(List.of(), resumed.events());
        assertEquals("0-2.1-1", resumed.lastId(), "the id stays where the client was");
        append(b, "d", 1, 0, "e1");
        append(b, "c", 0, 1, "e2");
        append(b, "d", 1, 1, "e3");
        assertEquals(List.of("e3"), resumed.events());
        assertEquals("0-2.1-2", resumed.lastId());
        assertTrue(resumed.got.stream().noneMatch(m -> StreamMessage.RESET.equals(m.name())));
    }

    @Test
    void aResumePastWhatTheBufferHoldsIsAResetThenWhatItHolds() {
        EventStreams streams = replica(new Config(2, 1000, 20), 1);
        Client first = connect(streams, null, null, Long.MAX_VALUE);
        String start = first.lastId();
        append(streams, "c", 0, 0, "e0");
        append(streams, "c", 0, 1, "e1");
        append(streams, "c", 0, 2, "e2");
        Client resumed = connect(streams, null, start, Long.MAX_VALUE);
        assertEquals(StreamMessage.RESET, resumed.got.get(0).name());
        assertTrue(resumed.got.get(0).data().contains("\"reason\":\"missed\""));
        assertEquals(List.of("e1", "e2"), resumed.events());
        // from the last event on, nothing is missing
        Client again = connect(streams, null, "0-2", Long.MAX_VALUE);
        assertEquals(List.of("e2"), again.events());
        assertTrue(again.got.stream().noneMatch(m -> StreamMessage.RESET.equals(m.name())));
    }

    @Test
    void anErasedCustomersEventsAreDroppedAndNotReadAgainButLaterOnesAreNew() {
        EventStreams streams = replica(new Config(1000, 1000, 20), 1);
        String start = connect(streams, null, null, Long.MAX_VALUE).lastId();
        long before = System.currentTimeMillis() - 1000;
        append(streams, "gone", 0, 0, before, "gone-0");
        append(streams, "kept", 0, 1, before, "kept-0");
        assertEquals(1, streams.forget(T, List.of("gone"), before + 500));
        // read later (another partition, a lagging replica) but taken by Kafka before the erase
        append(streams, "gone", 0, 2, before + 100, "gone-1");
        append(streams, "gone", 0, 3, before + 900, "gone-after");
        assertEquals(List.of("kept-0", "gone-after"), connect(streams, null, start, Long.MAX_VALUE).events());
    }

    @Test
    void aClientLettingTooMuchWaitIsEndedAfterItAndItsPlaceIsFree() {
        EventStreams streams = replica(new Config(1000, 3, 1), 1);
        Client slow = connect(streams, null, null, 0);
        append(streams, "c", 0, 0, "e0");
        append(streams, "c", 0, 1, "e1");
        append(streams, "c", 0, 2, "e2");
        slow.subscription.request(Long.MAX_VALUE);
        assertEquals(List.of("e0", "e1"), slow.events());
        assertTrue(slow.completed);
        connect(streams, null, null, Long.MAX_VALUE); // its place (the tenant's only one) is free again
    }

    @Test
    void aClientThatLeavesIsForgotten() {
        EventStreams streams = replica(new Config(1000, 1000, 1), 1);
        Client gone = connect(streams, null, null, Long.MAX_VALUE);
        gone.subscription.cancel();
        Client next = connect(streams, null, null, Long.MAX_VALUE);
        append(streams, "c", 0, 0, "e0");
        assertEquals(List.of(), gone.events());
        assertEquals(List.of("e0"), next.events());
    }

    @Test
    void theLimitsAnswer429And503() {
        EventStreams starting = new EventStreams(new Config(1000, 1000, 2), new SimpleMeterRegistry());
        assertEquals(503, assertThrows(ProblemException.class, () -> starting.acquire(T)).problem().status());
        EventStreams streams = replica(new Config(1000, 1000, 2), 1);
        StreamConnection.Slot one = streams.acquire(T);
        streams.acquire(T);
        assertEquals(429, assertThrows(ProblemException.class, () -> streams.acquire(T)).problem().status());
        streams.acquire("another");
        one.release();
        one.release(); // once only
        streams.acquire(T);
        assertEquals(429, assertThrows(ProblemException.class, () -> streams.acquire(T)).problem().status());
    }

    @Test
    void theDataLineIsTheEventAsTrackedWithoutItsTenant() {
        EventStreams streams = replica(new Config(1000, 1000, 20), 1);
        Client client = connect(streams, null, null, Long.MAX_VALUE);
        append(streams, "c", 0, 0, "e0");
        streams.append(T, "c", 0, 1, System.currentTimeMillis(), "not json".getBytes());
        assertEquals("{\"event_id\":\"e0\",\"event_type\":\"page_view\",\"customer_id\":\"c\",\"timestamp\":"
                + "\"2024-05-01T10:00:00Z\",\"session_id\":null,\"properties\":{\"amount\":99.90}}",
                client.got.stream().filter(StreamMessage::isEvent).findFirst().orElseThrow().data());
        assertEquals(List.of("e0"), client.events());
    }

    @Test
    void filtersAndTheCustomersOrderHold() {
        EventStreams streams = replica(new Config(1000, 1000, 20), 2);
        Client mine = connect(streams, "c1", null, Long.MAX_VALUE);
        append(streams, "c1", 0, 0, "a");
        append(streams, "c10", 1, 0, "b");
        append(streams, "c1", 0, 1, "c");
        assertEquals(List.of("a", "c"), mine.events());
    }
}
