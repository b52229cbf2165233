/// Numbers worth knowing by heart in a design interview, for `:numbers`. Ranges are typical
/// orders of magnitude, restated from the study notes' cheat sheet
/// (`ml-system-design-cheatsheet.md`: latency budgets, optimisation speed-ups, SLO targets);
/// every real system should measure its own.
public enum ReferenceNumbers {
    public static let sections: [(title: String, rows: [(String, String)])] = [
        ("Time per step", [
            ("cache lookup", "1–5 ms"),
            ("database query", "5–50 ms"),
            ("feature store read", "5–50 ms"),
            ("small model inference", "5–20 ms"),
            ("large model inference", "50–500 ms"),
            ("call to another service", "50–100 ms"),
            ("object store read (S3)", "50–200 ms"),
        ]),
        ("Latency classes", [
            ("precomputed, cached", "under 10 ms"),
            ("real time (fraud, UI)", "under 100 ms"),
            ("service p50 / p99", "under 50 / 200 ms"),
        ]),
        ("Making a model faster", [
            ("INT8 quantisation", "2–4×, <1% accuracy"),
            ("pruning", "1.5–2×, <1% accuracy"),
            ("distillation", "2–10×, 1–5% accuracy"),
            ("ONNX / TensorRT", "1.5–3×, no loss"),
        ]),
        ("Targets to state", [
            ("availability", "99.9%+ (43 min/month)"),
            ("error rate", "under 0.1%"),
        ]),
        ("Handy conversions", [
            ("seconds in a day", "86,400 (about 10^5)"),
            ("1M requests a day", "~12/s; peak 2–3× that"),
            ("hours in a month", "about 730"),
        ]),
    ]

    /// The table as lines of text at most `width` columns wide: `what  value` on one line when it
    /// fits, else the value on its own indented line below.
    public static func lines(width: Int = 80) -> [String] {
        var out: [String] = []
        let column = (sections.flatMap { $0.rows.map(\.0.count) }.max() ?? 0) + 4
        for (i, section) in sections.enumerated() {
            if i > 0 { out.append("") }
            out.append(section.title)
            for (what, value) in section.rows {
                if column + value.count <= width {
                    out.append("  " + what + String(repeating: " ", count: column - what.count - 2) + value)
                } else {
                    out.append("  " + what)
                    out.append("      " + value)
                }
            }
        }
        return out
    }
}
