package dev.clv.ingestion.ingest;

import java.util.List;

import dev.clv.ingestion.ingest.row.ParsedRow;

/**
 * Replaces the profile fields a tenant chose to pseudonymise in its customers rows. The pseudonym feature implements
 * it; declaring it here lets every write path apply it at one place without depending on that feature, which itself
 * reads ingest's rows.
 */
public interface ProfilePseudonyms {
    /**
     * {@code rows} of the customers source, validated and final, with the tenant's chosen fields pseudonymised in
     * accepted events and in rejected rows' raw text; the same list when the tenant chose none. Blocking (a worker
     * thread): the tenant's choice is cached, so the database is asked at most once per cache period.
     */
    List<ParsedRow> apply(String tenant, List<ParsedRow> rows);
}
