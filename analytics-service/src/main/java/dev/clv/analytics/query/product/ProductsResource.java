package dev.clv.analytics.query.product;

import java.util.List;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;

import org.eclipse.microprofile.openapi.annotations.Operation;

import dev.clv.analytics.query.answer.AnswerParams;
import dev.clv.analytics.query.answer.ApiAnswer;
import dev.clv.analytics.query.answer.HeavyAnswers;
import dev.clv.analytics.query.answer.ProjectionStatus;
import dev.clv.contracts.auth.CallerContext;
import dev.clv.contracts.auth.RequiresScope;
import dev.clv.contracts.auth.Scopes;
import dev.clv.contracts.problem.ProblemException;
import io.smallrye.mutiny.Uni;

/** Per-product answers: sales, buyers, refunds, margin and lifecycle stage, listed or one product by month. */
@Path("/v1/products")
@RequiresScope(Scopes.ANALYTICS_READ)
@Produces(MediaType.APPLICATION_JSON)
public class ProductsResource {
    private static final String WINDOW = "from, to (YYYY-MM or YYYY-MM-DD: whole UTC months, inclusive), "
            + "reference_date (the lifecycle's reference month; default the tenant's newest month with a purchase)";
    private final ProductRepository products;
    private final CallerContext callers;
    private final ProjectionStatus status;
    private final HeavyAnswers heavy;

    public ProductsResource(ProductRepository products, CallerContext callers, ProjectionStatus status,
            HeavyAnswers heavy) {
        this.products = products;
        this.callers = callers;
        this.status = status;
        this.heavy = heavy;
    }

    @GET
    @Operation(summary = "List products", description = "Per product: sales, distinct and repeat buyers, refunds, "
            + "net revenue, cost and margin (from the catalogue's unit cost), lifecycle stage, first and last sale "
            + "month. " + WINDOW + "; category; sort: net_revenue (default), purchases, buyers, refund_total, "
            + "product_id; order: desc (default) or asc; limit 1..1000 (50); cursor: the next_cursor of the "
            + "previous page.")
    public Uni<ApiAnswer<List<ProductSummary>>> list(@Context UriInfo uri) {
        String tenant = callers.tenant();
        ProductListQuery query = ProductListQuery.of(new AnswerParams(uri.getQueryParameters()));
        // every product of the tenant is summed before a page is cut: rationed as the other whole-tenant answers
        return Uni.combine().all().unis(heavy.run(tenant, () -> products.list(tenant, query)), status.of(tenant))
                .with((page, asOf) -> ApiAnswer.of("Products retrieved", page.products(), page.products().size(),
                        page.nextCursor(), asOf));
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "One product, with its monthly series", description = "The list's product object, the "
            + "lifecycle's reference month and per month: purchases, buyers, gross revenue, refunds, net revenue. "
            + WINDOW + ".")
    public Uni<ApiAnswer<ProductDetail>> detail(@PathParam("id") String id, @Context UriInfo uri) {
        String tenant = callers.tenant();
        ProductWindow window = ProductWindow.of(new AnswerParams(uri.getQueryParameters()));
        return Uni.combine().all().unis(products.detail(tenant, id, window), status.of(tenant))
                .with((detail, asOf) -> {
                    if (detail == null) {
                        throw ProblemException.notFound("There is no product '" + id + "'.");
                    }
                    return ApiAnswer.of("Product retrieved", detail, 1, null, asOf);
                });
    }
}
