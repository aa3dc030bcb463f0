package dev.clv.analytics.query.customer;

import java.util.List;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;

import org.eclipse.microprofile.openapi.annotations.Operation;

import dev.clv.analytics.query.answer.ApiAnswer;
import dev.clv.analytics.query.answer.AnswerParams;
import dev.clv.analytics.query.answer.ProjectionStatus;
import dev.clv.contracts.auth.CallerContext;
import dev.clv.contracts.auth.RequiresScope;
import dev.clv.contracts.auth.Scopes;
import dev.clv.contracts.problem.ProblemException;
import dev.clv.contracts.tenant.TenantSettingsResolver;
import io.smallrye.mutiny.Uni;

/** The customer analytics v1 API: filtered, sorted, cursor-paged customer lists, one customer, their timeline. */
@Path("/v1/customers")
@RequiresScope(Scopes.ANALYTICS_READ)
@Produces(MediaType.APPLICATION_JSON)
public class CustomersResource {
    private static final String TIMELINE_ORDER = "timeline";
    private final CustomerRepository customers;
    private final CustomerHistoryRepository history;
    private final CallerContext callers;
    private final ProjectionStatus status;
    private final TenantSettingsResolver tenants;

    public CustomersResource(CustomerRepository customers, CustomerHistoryRepository history, CallerContext callers,
            ProjectionStatus status, TenantSettingsResolver tenants) {
        this.tenants = tenants;
        this.customers = customers;
        this.history = history;
        this.callers = callers;
        this.status = status;
    }

    @GET
    @Operation(summary = "List customers", description = "Each row is the Customer object (id, email, name, "
            + "created_at, last_active, segment_ids, total_purchases, lifetime_value) and our aggregates. Filters: "
            + "country, segment, acquisition_source, is_active, registered_from, registered_to (local dates or "
            + "times of the tenant's zone, or ISO-8601 with an offset), min_ltv, max_ltv, min_purchases. sort: ltv "
            + "(default), purchase_count, last_purchase_at, registration_date, customer_id; order: desc (default) or "
            + "asc; limit 1..1000 (50); cursor: the next_cursor of the previous page. q (2..200 characters) searches "
            + "instead: the customer with that id, e-mails starting with it (when it holds an @), names whose words "
            + "start with its words (these two case-insensitive), in that order and then by name; the other filters apply, "
            + "one page of at most limit, no sort, order or cursor.")
    public Uni<ApiAnswer<List<CustomerListItem>>> list(@Context UriInfo uri) {
        String tenant = callers.tenant();
        AnswerParams params = new AnswerParams(uri.getQueryParameters(), tenants.of(tenant).timeZone());
        CustomerListQuery query = CustomerListQuery.of(tenant, params);
        if (params.query().containsKey("q")) {
            for (String ordered : java.util.List.of("sort", "order", "cursor")) {
                if (params.query().containsKey(ordered)) {
                    throw ProblemException.badRequest(ordered, "a search (q) answers its best matches in one page");
                }
            }
            CustomerSearch search = CustomerSearch.of(params.text("q"));
            return Uni.combine().all().unis(customers.search(query, search), status.of(tenant)).with((found,
                    asOf) -> ApiAnswer.of("Customers found", found, found.size(), null, asOf));
        }
        return Uni.combine().all().unis(customers.list(query), status.of(tenant)).with((page, asOf) -> ApiAnswer
                .of("Customers retrieved", page.customers(), page.customers().size(), page.nextCursor(), asOf));
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "One customer: the Customer object, profile, aggregates, newest model score")
    public Uni<ApiAnswer<CustomerDetail>> detail(@PathParam("id") String id) {
        String tenant = callers.tenant();
        return Uni.combine().all().unis(history.detail(tenant, id), status.of(tenant)).with((detail, asOf) -> {
            if (detail == null) {
                throw ProblemException.notFound("There is no customer '" + id + "'.");
            }
            return ApiAnswer.of("Customer retrieved", detail, 1, null, asOf);
        });
    }

    @GET
    @Path("/{id}/timeline")
    @Operation(summary = "A customer's transactions, interactions and events, newest first", description = "limit "
            + "1..1000 (100); cursor: the next_cursor of the previous page.")
    public Uni<ApiAnswer<List<TimelineEntry>>> timeline(@PathParam("id") String id, @Context UriInfo uri) {
        String tenant = callers.tenant();
        AnswerParams params = new AnswerParams(uri.getQueryParameters());
        int limit = params.integer("limit", 100, 1, 1000);
        List<String> after = Cursor.decode(params.query().getFirst("cursor"), TIMELINE_ORDER, 3);
        // an empty first page is either a customer with no history yet or no such customer: only then ask which
        Uni<CustomerHistoryRepository.TimelinePage> page = history.timeline(tenant, id, after, limit)
                .call(p -> after != null || !p.entries().isEmpty()
                        ? Uni.createFrom().voidItem()
                        : history.exists(tenant, id).invoke(found -> {
                            if (!found) {
                                throw ProblemException.notFound("There is no customer '" + id + "'.");
                            }
                        }));
        return Uni.combine().all().unis(page, status.of(tenant))
                .with((p, asOf) -> ApiAnswer.of("Timeline retrieved", p.entries(), p.entries().size(),
                        p.entries().size() < limit ? null : new Cursor(TIMELINE_ORDER, p.last()).encode(),
                        asOf));
    }
}
