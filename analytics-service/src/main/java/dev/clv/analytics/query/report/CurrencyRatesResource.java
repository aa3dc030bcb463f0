package dev.clv.analytics.query.report;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;

import dev.clv.analytics.query.answer.ApiAnswer;
import dev.clv.contracts.auth.CallerContext;
import dev.clv.contracts.auth.RequiresScope;
import dev.clv.contracts.auth.Scopes;
import dev.clv.contracts.problem.Problem;
import dev.clv.contracts.problem.ProblemException;
import io.smallrye.mutiny.Uni;

/** The tenant's reporting currency and exchange rates: readable by analysts, set by admins. */
@Path("/v1/reports/currency-rates")
@Produces(MediaType.APPLICATION_JSON)
public class CurrencyRatesResource {
    private static final java.util.regex.Pattern CODE = java.util.regex.Pattern.compile("[A-Z]{3}");
    private final CurrencyRates currencies;
    private final CallerContext callers;

    public CurrencyRatesResource(CurrencyRates currencies, CallerContext callers) {
        this.currencies = currencies;
        this.callers = callers;
    }

    /** The body of a PUT and the answer of a GET. */
    public record RatesBody(String reportingCurrency, List<CurrencyRates.Rate> rates) {
    }

    @GET
    @RequiresScope(Scopes.ANALYTICS_READ)
    @Operation(summary = "The reporting currency and the exchange rates reports use")
    public Uni<ApiAnswer<RatesBody>> get() {
        return currencies.table(callers.tenant()).map(table -> {
            List<CurrencyRates.Rate> rates = new ArrayList<>();
            new TreeMap<>(table.rates()).forEach((code, byDay) -> byDay.forEach((day, rate) -> rates.add(
                    new CurrencyRates.Rate(code, day.equals(LocalDate.MIN) ? null : day, rate))));
            return ApiAnswer.of("Currency rates", new RatesBody(table.reportingCurrency(), rates), rates.size(),
                    null, null);
        });
    }

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    @RequiresScope(Scopes.ADMIN)
    @Operation(summary = "Set the reporting currency and add or replace rates", description = "rate: units of the "
            + "reporting currency per unit of currency, valid from valid_from (a day) until the next rate.")
    public Uni<ApiAnswer<RatesBody>> put(RatesBody body) {
        if (body == null) {
            throw ProblemException.badRequest("body", "must be a JSON object with reporting_currency and rates");
        }
        List<Problem.FieldError> errors = new ArrayList<>();
        if (body.reportingCurrency() == null || !CODE.matcher(body.reportingCurrency()).matches()) {
            errors.add(new Problem.FieldError("reporting_currency", "must be an ISO 4217 code such as EUR"));
        }
        List<CurrencyRates.Rate> rates = body.rates() == null ? List.of() : body.rates();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < rates.size(); i++) {
            CurrencyRates.Rate r = rates.get(i);
            String at = "rates[" + i + "]";
            if (r == null || r.currency() == null || !CODE.matcher(r.currency()).matches()) {
                errors.add(new Problem.FieldError(at + ".currency", "must be an ISO 4217 code such as EUR"));
            } else if (r.validFrom() == null) {
                errors.add(new Problem.FieldError(at + ".valid_from", "is required (YYYY-MM-DD)"));
            } else if (r.rate() == null || r.rate().compareTo(BigDecimal.ZERO) <= 0) {
                errors.add(new Problem.FieldError(at + ".rate", "must be a number above 0"));
            } else if (!seen.add(r.currency() + r.validFrom())) {
                errors.add(new Problem.FieldError(at, "repeats the currency and valid_from of an earlier rate"));
            }
        }
        if (!errors.isEmpty()) {
            throw ProblemException.badRequest("The currency settings were not saved.", errors);
        }
        return currencies.save(callers.tenant(), body.reportingCurrency(), rates).chain(this::get);
    }

}
