package dev.clv.console.product;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import dev.clv.console.report.Table;
import dev.clv.console.view.ViewParams;

/** A product object of the API as a table row, shared by the product list and a product's page. */
final class ProductRows {
    static final List<Table.Column> SUMMARY = List.of(Table.Column.text("Product"), Table.Column.text("Name"),
            Table.Column.text("Category"), Table.Column.text("Stage"), Table.Column.number("Purchases"),
            Table.Column.number("Buyers"), Table.Column.number("Repeat buyers"), Table.Column.number("Gross revenue"),
            Table.Column.number("Refunds"), Table.Column.number("Refunded"), Table.Column.number("Net revenue"),
            Table.Column.number("Margin"), Table.Column.number("Margin %"), Table.Column.text("First sale"),
            Table.Column.text("Last sale"));

    private ProductRows() {
    }

    static List<Object> summary(JsonNode p) {
        List<Object> row = new ArrayList<>();
        row.add(p.path("product_id").asText());
        row.add(p.path("name").asText(""));
        row.add(p.path("category").asText(""));
        row.add(p.path("lifecycle_stage").asText(""));
        row.add(p.path("purchases").asLong());
        row.add(p.path("buyers").asLong());
        row.add(p.path("repeat_buyers").asLong());
        row.add(ProductsView.decimal(p.get("gross_revenue")));
        row.add(p.path("refunds").asLong());
        row.add(ProductsView.decimal(p.get("refund_total")));
        row.add(ProductsView.decimal(p.get("net_revenue")));
        row.add(ProductsView.decimal(p.get("margin")));
        row.add(ProductsView.decimal(p.get("margin_pct")));
        row.add(p.path("first_sale_month").asText(""));
        row.add(p.path("last_sale_month").asText(""));
        return row;
    }

    /** A product id as one path segment (a space as %20, a slash encoded). */
    static String path(String id) {
        return ViewParams.encode(id).replace("+", "%20");
    }
}
