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
            ("HTTP call to another service", "50–100 ms"),
            ("object store (S3) read", "50–200 ms"),
        ]),
        ("Latency classes", [
            ("precomputed answer served from a cache", "under 10 ms"),
            ("real time: user-facing, fraud", "under 100 ms"),
            ("typical service targets", "p50 under 50 ms, p99 under 200 ms"),
        ]),
        ("Making a model faster", [
            ("INT8 quantisation", "2–4× faster, under 1% accuracy lost"),
            ("pruning", "1.5–2× faster, under 1% lost"),
            ("distillation to a smaller model", "2–10× faster, 1–5% lost"),
            ("compiled runtime (ONNX, TensorRT)", "1.5–3× faster, nothing lost"),
        ]),
        ("Targets to state", [
            ("availability", "99.9% or better (about 43 min down a month)"),
            ("error rate", "under 0.1%"),
        ]),
        ("Handy conversions", [
            ("seconds in a day", "86,400 (about 10^5)"),
            ("1M requests a day", "about 12 per second on average; peak often 2–3× that"),
            ("hours in a month", "about 730"),
        ]),
    ]

    /// The table as lines of text, `width` columns at most per line (wrapping is the caller's).
    public static func lines() -> [String] {
        var out: [String] = []
        for (i, section) in sections.enumerated() {
            if i > 0 { out.append("") }
            out.append(section.title)
            for (what, value) in section.rows {
                out.append("  " + what + String(repeating: " ", count: max(1, 36 - what.count)) + value)
            }
        }
        return out
    }
}
