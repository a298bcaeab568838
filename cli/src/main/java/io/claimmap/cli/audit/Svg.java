package io.claimmap.cli.audit;

import java.util.List;

/** Inline SVG charts: no script, no external resource, drawn at build time of the page. */
final class Svg {
    /** One bar: a label, a value and a CSS class for its colour. */
    record Bar(String label, long value, String css) {
    }

    private static final int WIDTH = 640;
    private static final int LABEL = 230;
    private static final int ROW = 26;

    private Svg() {
    }

    /** Horizontal bars, one per row, scaled to the largest value; each bar has a title with its exact value. */
    static String bars(String id, String title, List<Bar> bars) {
        long max = bars.stream().mapToLong(Bar::value).max().orElse(0);
        int height = Math.max(1, bars.size()) * ROW + 8;
        StringBuilder svg = new StringBuilder();
        svg.append("<svg class=\"chart\" data-chart=\"").append(id).append("\" role=\"img\" aria-label=\"")
                .append(Html.escape(title)).append("\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(height)
                .append("\" width=\"").append(WIDTH).append("\" height=\"").append(height).append("\">");
        int y = 4;
        int room = WIDTH - LABEL - 70;
        for (Bar bar : bars) {
            int width = max == 0 ? 0 : (int) Math.max(bar.value() > 0 ? 2 : 0, Math.round(room * (double) bar.value() / max));
            svg.append("<text x=\"").append(LABEL - 8).append("\" y=\"").append(y + 17)
                    .append("\" text-anchor=\"end\">").append(Html.escape(shorten(bar.label()))).append("</text>");
            svg.append("<rect class=\"").append(bar.css()).append("\" x=\"").append(LABEL).append("\" y=\"").append(y + 3)
                    .append("\" width=\"").append(width).append("\" height=\"").append(ROW - 8).append("\"><title>")
                    .append(Html.escape(bar.label())).append(": ").append(bar.value()).append("</title></rect>");
            svg.append("<text class=\"value\" x=\"").append(LABEL + width + 6).append("\" y=\"").append(y + 17).append("\">")
                    .append(bar.value()).append("</text>");
            y += ROW;
        }
        return svg.append("</svg>").toString();
    }

    /** Labels longer than the room left of the bars are cut; the bar's title has the whole label. */
    static String shorten(String label) {
        return label.length() <= 34 ? label : label.substring(0, 33) + "…";
    }

    /** One bar split into parts (verdicts; named and unnamed agents), with a legend under it. */
    static String stacked(String id, String title, List<Bar> parts) {
        long total = parts.stream().mapToLong(Bar::value).sum();
        StringBuilder svg = new StringBuilder();
        svg.append("<svg class=\"chart\" data-chart=\"").append(id).append("\" role=\"img\" aria-label=\"")
                .append(Html.escape(title)).append("\" viewBox=\"0 0 ").append(WIDTH).append(" 64\" width=\"")
                .append(WIDTH).append("\" height=\"64\">");
        double x = 0;
        for (Bar part : parts) {
            double width = total == 0 ? 0 : WIDTH * (double) part.value() / total;
            if (width > 0) {
                svg.append("<rect class=\"").append(part.css()).append("\" x=\"").append(String.format(java.util.Locale.ROOT, "%.1f", x))
                        .append("\" y=\"4\" width=\"").append(String.format(java.util.Locale.ROOT, "%.1f", width))
                        .append("\" height=\"28\"><title>").append(Html.escape(part.label())).append(": ")
                        .append(part.value()).append("</title></rect>");
            }
            x += width;
        }
        int legend = 0;
        for (Bar part : parts) {
            svg.append("<rect class=\"").append(part.css()).append("\" x=\"").append(legend).append("\" y=\"44\" width=\"12\" height=\"12\"/>")
                    .append("<text x=\"").append(legend + 16).append("\" y=\"55\">").append(Html.escape(part.label()))
                    .append(" ").append(part.value()).append("</text>");
            legend += 170;
        }
        return svg.append("</svg>").toString();
    }
}
