package dev.clv.console.report;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import com.openhtmltopdf.pdfboxout.PdfRendererBuilder;
import com.openhtmltopdf.svgsupport.BatikSVGDrawer;

import io.quarkus.qute.Location;
import io.quarkus.qute.Template;

/**
 * A view as a PDF: the report's XHTML (template {@code pdf/report.html}: filters, figures, charts as inline SVG,
 * tables) laid out by openhtmltopdf on PDFBox, SVG drawn as vectors by its Batik support. Text is set in Liberation
 * Sans, which PDFBox ships, embedded so that any Latin, Greek or Cyrillic name prints.
 */
@ApplicationScoped
public class PdfExport {
    private static final String FONT = "/org/apache/pdfbox/resources/ttf/LiberationSans-Regular.ttf";
    private final Template template;

    public PdfExport(@Location("pdf/report.html") Template template) {
        this.template = template;
    }

    /** The chart's SVG and a heatmap's printed rows, for the template. */
    public record PrintedChart(Chart chart, io.quarkus.qute.RawString svg, List<HeatRow> rows) {
    }

    /** One printed heatmap row: its label and coloured cells. */
    public record HeatRow(String label, List<Heat.Cell> cells) {
    }

    /** One printed table: the table and its cells as text in the view's zone. */
    public record PrintedTable(Table table, List<List<String>> cells) {
    }

    public byte[] write(Report report, ZoneId zone) {
        List<PrintedChart> charts = report.charts().stream().map(c -> c.heatmap()
                ? new PrintedChart(c, new io.quarkus.qute.RawString(""), rows(c))
                // our own SVG from numbers (labels escaped by the XML writer): printed as it is
                : new PrintedChart(c, new io.quarkus.qute.RawString(SvgCharts.svg(c)), List.of())).toList();
        List<PrintedTable> tables = report.tables().stream().map(t -> new PrintedTable(t, t.text(zone))).toList();
        String printedAt = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").format(Instant.now().atZone(zone));
        String html = template.data("report", report).data("charts", charts).data("tables", tables)
                .data("printedAt", printedAt + " " + zone.getId()).render();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            PdfRendererBuilder builder = new PdfRendererBuilder();
            builder.useFastMode();
            builder.useFont(() -> PdfExport.class.getResourceAsStream(FONT), "Liberation Sans");
            builder.useSVGDrawer(new BatikSVGDrawer());
            builder.withHtmlContent(html, null);
            builder.toStream(out);
            builder.run();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static List<HeatRow> rows(Chart chart) {
        return java.util.stream.IntStream.range(0, chart.series().size()).mapToObj(i -> new HeatRow(
                chart.y().get(i), Heat.row(chart, chart.series().get(i)))).toList();
    }
}
