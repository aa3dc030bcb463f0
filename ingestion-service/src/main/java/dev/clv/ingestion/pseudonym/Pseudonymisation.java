package dev.clv.ingestion.pseudonym;

import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.clv.contracts.event.CustomerEvent;
import dev.clv.contracts.problem.ProblemException;
import dev.clv.ingestion.ingest.ProfilePseudonyms;
import dev.clv.ingestion.ingest.row.ParsedRow;

/**
 * The write path's pseudonymisation: a tenant's chosen fields replaced in its customers rows once they are final,
 * after validation (which reads the original values) and before quarantine and Kafka, with one Mac per request.
 */
@ApplicationScoped
public class Pseudonymisation implements ProfilePseudonyms {
    private final TenantChoices choices;
    private final MasterKey key;
    private final ObjectMapper json;

    public Pseudonymisation(TenantChoices choices, MasterKey key, ObjectMapper json) {
        this.choices = choices;
        this.key = key;
        this.json = json;
    }

    @Override
    public List<ParsedRow> apply(String tenant, List<ParsedRow> rows) {
        ChosenFields chosen = choices.of(tenant);
        if (chosen.isEmpty() || rows.isEmpty()) {
            return rows;
        }
        if (!key.configured()) {
            // fail closed: the tenant asked for pseudonyms, so its rows never travel in clear text instead
            throw ProblemException.unavailable("This tenant pseudonymises customer fields, but the service has no "
                    + "pseudonymisation key (PSEUDONYMISATION_KEY); customer rows are refused until the operator "
                    + "configures the key used so far. Nothing from this request was accepted.", 60);
        }
        Pseudonymiser p = new Pseudonymiser(key.macFor(tenant));
        List<ParsedRow> out = new ArrayList<>(rows.size());
        for (ParsedRow r : rows) {
            out.add(r.isAccepted()
                    ? new ParsedRow(r.row(), r.raw(), r.key(), r.customerId(), r.rowId(),
                            CustomerFields.rewrite((CustomerEvent) r.event(), chosen, p), r.defaulted(), null, null)
                    : new ParsedRow(r.row(), RawRows.rewrite(json, r.raw(), chosen, p), r.key(), r.customerId(),
                            r.rowId(), null, r.defaulted(), r.field(), r.reason()));
        }
        return out;
    }
}
