package dev.clv.analytics.query.customer;

import com.fasterxml.jackson.annotation.JsonUnwrapped;

/** One row of a customer list: the seed's customer object, then our profile copy and aggregates, in one object. */
public record CustomerListItem(@JsonUnwrapped CustomerObject customer, @JsonUnwrapped CustomerSummary summary) {
}
