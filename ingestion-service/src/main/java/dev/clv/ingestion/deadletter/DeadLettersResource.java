package dev.clv.ingestion.deadletter;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.eclipse.microprofile.openapi.annotations.Operation;

import dev.clv.contracts.CustomerKey;
import dev.clv.contracts.auth.CallerContext;
import dev.clv.contracts.auth.RequiresScope;
import dev.clv.contracts.auth.Scopes;
import dev.clv.contracts.problem.ProblemException;
import dev.clv.contracts.problem.QueryParams;
import dev.clv.ingestion.DataSource;
import dev.clv.ingestion.ingest.EventPublisher;
import dev.clv.ingestion.ingest.SeenRowsRepository;
import dev.clv.ingestion.ingest.SuppressedCustomers;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;

/** The tenant's dead letters (rows accepted but refused by the read model): list, replay or discard them. */
@Path("/v1/admin/dead-letters")
@RequiresScope(Scopes.ADMIN)
public class DeadLettersResource {
    private static final Duration DB = Duration.ofSeconds(10);
    private final DeadLetterRepository letters;
    private final SuppressedCustomers suppressed;
    private final SeenRowsRepository seen;
    private final EventPublisher publisher;
    private final Pool pool;
    private final CallerContext callers;

    public DeadLettersResource(DeadLetterRepository letters, SuppressedCustomers suppressed, SeenRowsRepository seen,
            EventPublisher publisher, Pool pool, CallerContext callers) {
        this.letters = letters;
        this.suppressed = suppressed;
        this.seen = seen;
        this.publisher = publisher;
        this.pool = pool;
        this.callers = callers;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "List dead letters, newest first", description = "Rows that were accepted but that the "
            + "read model could not store, with the reason; page with next_cursor.")
    public Map<String, Object> list(@QueryParam("cursor") String cursor, @QueryParam("limit") String limitParam) {
        int limit = QueryParams.intIn("limit", limitParam, 100, 1, 1000);
        List<DeadLetter> rows = letters.list(callers.tenant(), cursor == null ? null : id(cursor), limit).await()
                .atMost(DB);
        String next = rows.size() == limit ? rows.get(rows.size() - 1).id().toString() : null;
        return next == null ? Map.of("data", rows) : Map.of("data", rows, "next_cursor", next);
    }

    @POST
    @Path("/{id}/replay")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Send a dead letter again", description = "The record goes to its topic again as it was "
            + "(after whatever refused it was fixed), its row id claimed again; 409 when the row was sent again "
            + "since or its customer is suppressed.")
    public Response replay(@PathParam("id") String id) {
        String tenant = callers.tenant();
        DeadLetter letter = letters.find(tenant, id(id)).await().atMost(DB).orElseThrow(() -> missing(id));
        DataSource source = DataSource.byApiName(letter.dataSource()).orElseThrow(() -> ProblemException
                .unprocessable("id", "this letter came from " + letter.dataSource() + ", not from a data source"));
        if (source != DataSource.PRODUCTS && !suppressed.among(tenant, Stream.of(CustomerKey.parse(letter
                .recordKey()).customerId())).isEmpty()) {
            throw ProblemException.conflict("The letter's customer is suppressed: the row is not taken. Discard it.");
        }
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(source.topic(), letter.recordKey(),
                letter.recordBytes());
        boolean sent = pool.withTransaction(conn -> (letter.rowId() == null
                ? Uni.createFrom().item(Set.of(""))
                : seen.claim(conn, tenant, source.apiName(), List.of(letter.rowId())))
                .chain(fresh -> {
                    if (fresh.isEmpty()) {
                        throw ProblemException.conflict("The row was sent again since it was dead-lettered; the "
                                + "letter is not replayed. Discard it.");
                    }
                    return Uni.createFrom().completionStage(() -> publisher.sendAll(List.of(
                            record))).map(acks -> acks.get(0) != null);
                }).call(ok -> ok
                        ? letters.delete(tenant, letter.id())
                        : Uni.createFrom()
                                .failure(
                                        ProblemException.unavailable("Kafka did not acknowledge the record; the letter "
                                                + "stays. Retry shortly.", 5))))
                .await().atMost(DB.multipliedBy(4));
        return Response.accepted(Map.of("replayed", sent, "data_source", source.apiName())).build();
    }

    @DELETE
    @Path("/{id}")
    @Operation(summary = "Discard a dead letter")
    public Response discard(@PathParam("id") String id) {
        if (!letters.delete(callers.tenant(), id(id)).await().atMost(DB)) {
            throw missing(id);
        }
        return Response.noContent().build();
    }

    private static UUID id(String value) {
        try {
            return UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            throw missing(value);
        }
    }

    private static ProblemException missing(String id) {
        return ProblemException.notFound("There is no dead letter " + id + ".");
    }
}
