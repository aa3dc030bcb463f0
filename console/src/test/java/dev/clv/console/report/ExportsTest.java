package dev.clv.console.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.text.PDFTextStripper;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;

import io.quarkus.qute.Engine;
import io.quarkus.qute.ReflectionValueResolver;

/**
 * The three exports of one report, read back: the CSV's quoting and formula guard, the XLSX's typed cells and
 * local times, the PDF's text (filters, figures, every table row) and its chart drawn as vectors (no image).
 */
class ExportsTest {
    static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    static Report report(int rows) {
        List<List<Object>> cells = new ArrayList<>();
        for (int i = 0; i < rows; i++) {
            List<Object> row = new ArrayList<>();
            row.add(i == 0 ? "=HYPERLINK(\"x\")" : i == 1 ? "Müller, \"Jo\" <b>&amp;" : "c-" + i);
            row.add(BigDecimal.valueOf(-i * 150, 2));
            row.add(i == 0 ? Instant.parse("2026-03-29T00:30:00Z") : null);
            cells.add(row);
        }
        Table table = new Table("t", "Customers", List.of(Table.Column.text("Name"), Table.Column.number("Net"),
                Table.Column.text("Last purchase")), cells, null);
        Chart chart = Chart.series("c", "Revenue by day", "EUR", List.of("2026-03-01", "2026-03-02"), List.of(
                new Chart.Series("Net revenue", "line", List.of(new BigDecimal("10.5"), new BigDecimal("-2"))),
                new Chart.Series("Refunds", "bar", List.of(BigDecimal.ZERO, new BigDecimal("12.5")))));
        return new Report("test", "Test report", List.of(new Report.Filter("Range", "2026-03-01 to 2026-03-02"),
                new Report.Filter("Time zone", "Europe/Berlin")),
                List.of(new Kpi("k", "Net revenue",
                        new BigDecimal("8.5"), new BigDecimal("4"), 2, "EUR")),
                List.of(chart), List.of(table), List.of(), false, "");
    }

    @Test
    void csvQuotesAndGuardsTextButNotNumbers() {
        String csv = CsvExport.write(report(3).tables().get(0), BERLIN);
        String[] lines = csv.split("\r\n", -1);
        assertEquals("Name,Net,Last purchase", lines[0]);
        // the formula is quoted text; the instant is the local time in Berlin (CEST from 02:00 that night: 01:30 CET)
        assertEquals("\"'=HYPERLINK(\"\"x\"\")\",0.00,2026-03-29 01:30:00", lines[1]);
        assertEquals("\"Müller, \"\"Jo\"\" <b>&amp;\",-1.50,", lines[2]);
        assertEquals("c-2,-3.00,", lines[3]);
        assertEquals("", lines[4], "the last row ends with CRLF");
        assertEquals(5, lines.length);
    }

    @Test
    void xlsxHasEveryRowWithTypedCells() throws Exception {
        byte[] xlsx = XlsxExport.write(report(2_500), BERLIN);
        try (XSSFWorkbook book = new XSSFWorkbook(new ByteArrayInputStream(xlsx))) {
            assertEquals("Test report", book.getSheet("Report").getRow(0).getCell(0).getStringCellValue());
            Sheet sheet = book.getSheet("Customers");
            assertEquals(2_500, sheet.getLastRowNum(), "a heading and 2,500 rows");
            assertEquals("=HYPERLINK(\"x\")", sheet.getRow(1).getCell(0).getStringCellValue(), "text, not a formula");
            assertEquals(-1.5, sheet.getRow(2).getCell(1).getNumericCellValue());
            assertEquals(LocalDateTime.of(2026, 3, 29, 1, 30), sheet.getRow(1).getCell(2).getLocalDateTimeCellValue());
            assertEquals(-3748.5, sheet.getRow(2_500).getCell(1).getNumericCellValue());
        }
    }

    @Test
    void pdfPrintsFiltersFiguresAndEveryRowWithAVectorChart() throws Exception {
        // the template escaped as Quarkus escapes .html templates
        Engine engine = Engine.builder().addDefaults().addValueResolver(new ReflectionValueResolver())
                .addResultMapper(new io.quarkus.qute.HtmlEscaper(List.of(io.quarkus.qute.Variant.TEXT_HTML))).build();
        PdfExport pdf = new PdfExport(engine.parse(new String(ExportsTest.class.getResourceAsStream(
                "/templates/pdf/report.html").readAllBytes(), java.nio.charset.StandardCharsets.UTF_8),
                io.quarkus.qute.Variant.forContentType(io.quarkus.qute.Variant.TEXT_HTML)));
        byte[] bytes = pdf.write(report(120), BERLIN);
        // kept for a look: target/exports/report.pdf
        java.nio.file.Files.createDirectories(java.nio.file.Path.of("target/exports"));
        java.nio.file.Files.write(java.nio.file.Path.of("target/exports/report.pdf"), bytes);
        try (var doc = Loader.loadPDF(bytes)) {
            String text = new PDFTextStripper().getText(doc).replace("\r", "");
            assertTrue(text.contains("Test report"), text);
            assertTrue(text.contains("Range: 2026-03-01 to 2026-03-02"), text);
            assertTrue(text.contains("8.50 EUR"), text);
            assertTrue(text.contains("+112.5%"), "(8.5 − 4) / 4");
            assertTrue(text.contains("Müller, \"Jo\" <b>&amp;"), "markup printed as text: " + text);
            for (int i = 2; i < 120; i++) {
                assertTrue(text.contains("c-" + i + " "), "row " + i);
            }
            assertTrue(doc.getNumberOfPages() >= 2, "120 rows run over pages");
            var resources = doc.getPage(0).getResources();
            for (var name : resources.getXObjectNames()) {
                assertTrue(
                        !(resources
                                .getXObject(name) instanceof org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject),
                        "the chart is drawn, not an image");
            }
        }
    }
}
