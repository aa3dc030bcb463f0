package dev.clv.console.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Dimension;
import java.awt.Font;
import java.awt.Rectangle;
import java.io.StringWriter;
import java.math.BigDecimal;

import javax.xml.transform.OutputKeys;
import javax.xml.transform.TransformerException;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;

import org.apache.batik.dom.GenericDOMImplementation;
import org.apache.batik.svggen.SVGGraphics2D;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.CategoryLabelPositions;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.DatasetRenderingOrder;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.LineAndShapeRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.data.category.DefaultCategoryDataset;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * Draws a series chart as SVG on the server, for the PDF (which prints it as vectors): JFreeChart lays out the
 * chart and Batik's SVGGraphics2D turns its drawing into SVG elements. Heatmaps are printed as coloured tables.
 */
public final class SvgCharts {
    static final int WIDTH = 700;
    static final int HEIGHT = 300;
    private static final Color[] COLOURS = {new Color(0x5470c6), new Color(0xee6666), new Color(0x91cc75),
            new Color(0xfac858)};

    private SvgCharts() {
    }

    /** The chart as an {@code <svg>} element (no XML declaration), to be put inline in the PDF's XHTML. */
    public static String svg(Chart chart) {
        DefaultCategoryDataset bars = new DefaultCategoryDataset();
        DefaultCategoryDataset lines = new DefaultCategoryDataset();
        for (Chart.Series s : chart.series()) {
            DefaultCategoryDataset target = "bar".equals(s.type()) ? bars : lines;
            for (int i = 0; i < chart.x().size(); i++) {
                BigDecimal v = i < s.values().size() ? s.values().get(i) : null;
                target.addValue(v, s.name(), chart.x().get(i));
            }
        }
        CategoryAxis x = new CategoryAxis();
        if (chart.x().size() > 12) {
            x.setCategoryLabelPositions(CategoryLabelPositions.UP_90);
        }
        x.setTickLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 9));
        BarRenderer barRenderer = new BarRenderer();
        barRenderer.setBarPainter(new StandardBarPainter());
        barRenderer.setShadowVisible(false);
        LineAndShapeRenderer lineRenderer = new LineAndShapeRenderer(true, false);
        int b = 0;
        int l = 0;
        for (Chart.Series s : chart.series()) {
            if ("bar".equals(s.type())) {
                barRenderer.setSeriesPaint(b, COLOURS[(b + l) % COLOURS.length]);
                b++;
            } else {
                lineRenderer.setSeriesPaint(l, COLOURS[(b + l) % COLOURS.length]);
                lineRenderer.setSeriesStroke(l, new BasicStroke(2f));
                l++;
            }
        }
        CategoryPlot plot = new CategoryPlot(bars, x, new NumberAxis(chart.unit()), barRenderer);
        plot.setDataset(1, lines);
        plot.setRenderer(1, lineRenderer);
        plot.setDatasetRenderingOrder(DatasetRenderingOrder.FORWARD);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(new Color(0xdddddd));
        JFreeChart drawn = new JFreeChart(null, new Font(Font.SANS_SERIF, Font.BOLD, 12), plot, true);
        drawn.setBackgroundPaint(Color.WHITE);
        return toSvg(drawn);
    }

    private static String toSvg(JFreeChart chart) {
        Document doc = GenericDOMImplementation.getDOMImplementation().createDocument("http://www.w3.org/2000/svg",
                "svg", null);
        SVGGraphics2D g = new SVGGraphics2D(doc);
        g.setSVGCanvasSize(new Dimension(WIDTH, HEIGHT));
        chart.draw(g, new Rectangle(WIDTH, HEIGHT));
        Element root = g.getRoot();
        root.setAttribute("viewBox", "0 0 " + WIDTH + " " + HEIGHT);
        try {
            var t = TransformerFactory.newInstance().newTransformer();
            t.setOutputProperty(OutputKeys.OMIT_XML_DECLARATION, "yes");
            StringWriter out = new StringWriter();
            t.transform(new DOMSource(root), new StreamResult(out));
            return out.toString();
        } catch (TransformerException e) {
            throw new IllegalStateException("The chart could not be written as SVG", e);
        }
    }
}
