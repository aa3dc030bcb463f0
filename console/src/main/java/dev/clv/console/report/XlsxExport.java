package dev.clv.console.report;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;

import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;

/**
 * A view's tables as an XLSX workbook (Apache POI, streaming): a sheet per table with every row, numbers as
 * numbers, dates and times as date cells in the view's zone, and a first sheet with the title and filters.
 */
public final class XlsxExport {
    private XlsxExport() {
    }

    public static byte[] write(Report report, ZoneId zone) {
        try (SXSSFWorkbook book = new SXSSFWorkbook(500)) {
            CellStyle date = book.createCellStyle();
            date.setDataFormat(book.createDataFormat().getFormat("yyyy-mm-dd"));
            CellStyle time = book.createCellStyle();
            time.setDataFormat(book.createDataFormat().getFormat("yyyy-mm-dd hh:mm:ss"));
            Sheet about = book.createSheet("Report");
            about.createRow(0).createCell(0).setCellValue(report.title());
            int r = 1;
            for (Report.Filter f : report.filters()) {
                Row row = about.createRow(r++);
                row.createCell(0).setCellValue(f.label());
                row.createCell(1).setCellValue(f.value());
            }
            for (Table table : report.tables()) {
                Sheet sheet = book.createSheet(sheetName(table.title()));
                Row head = sheet.createRow(0);
                for (int c = 0; c < table.columns().size(); c++) {
                    head.createCell(c).setCellValue(table.columns().get(c).name());
                }
                int n = 1;
                for (List<Object> cells : table.rows()) {
                    Row row = sheet.createRow(n++);
                    for (int c = 0; c < cells.size(); c++) {
                        put(row.createCell(c), cells.get(c), zone, date, time);
                    }
                }
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            book.write(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void put(Cell cell, Object value, ZoneId zone, CellStyle date, CellStyle time) {
        if (value instanceof BigDecimal d) {
            cell.setCellValue(d.doubleValue());
        } else if (value instanceof Long l) {
            cell.setCellValue(l);
        } else if (value instanceof Integer i) {
            cell.setCellValue(i);
        } else if (value instanceof LocalDate d) {
            cell.setCellValue(d);
            cell.setCellStyle(date);
        } else if (value instanceof Instant i) {
            cell.setCellValue(i.atZone(zone).toLocalDateTime());
            cell.setCellStyle(time);
        } else if (value != null) {
            cell.setCellValue(value.toString());
        }
    }

    // a sheet name is at most 31 characters without : \ / ? * [ ]
    private static String sheetName(String title) {
        String name = title.replaceAll("[:\\\\/?*\\[\\]]", " ");
        return name.length() > 31 ? name.substring(0, 31) : name;
    }
}
