import Foundation
import MLSDCore
import MLSDExport
import MLSDSim

/// A run's timeline as a table, a chart of p99 per bucket with the fault marked, JSON and CSV.
struct TimelineReport {
    var timeline: Timeline

    var text: String {
        let t = timeline
        var lines = ["Timeline: buckets of \(FigureFormat.duration(seconds: t.bucketSeconds)), answers counted when they reach the client"]
        if t.fault != nil {
            if t.faultWindows.count > 1 {
                lines += TextWrap.lines(t.faultWindowsText, width: 68).enumerated().map { ($0 == 0 ? "Faults      " : "            ") + $1 }
            } else {
                lines.append("Fault       \(t.faultWindowsText)")
            }
            lines += TextWrap.lines(t.recoveryText(longer: "make it longer (--duration)") ?? "", width: 68)
                .enumerated().map { ($0 == 0 ? "Recovery    " : "            ") + $1 }
            lines += TextWrap.lines(t.costText, width: 68)
                .enumerated().map { ($0 == 0 ? "Cost        " : "            ") + $1 }
        }
        lines.append("")
        let chart = TimelineChart(timeline: t, maximumBuckets: 40)
        let shown = chart.tableBuckets(atMost: 40)
        let unit = TimelineChart.latencyUnit(of: shown)
        lines.append(TimelineChart.tableHeader(unit: unit))
        for (b, span) in zip(shown, TimelineChart.spanCells(of: shown)) {
            let inFault = chart.overlapsFault(b)
            let cells = [
                span.from.leftPad(7), span.to.leftPad(9),
                FigureFormat.rate(perSecond: b.throughput).leftPad(12), (b.p50.map { unit.format(seconds: $0) } ?? "–").leftPad(7),
                (b.p99.map { unit.format(seconds: $0) } ?? "–").leftPad(8), FigureFormat.percent(b.failedShare).leftPad(7),
                FigureFormat.percent(b.degradedShare).leftPad(10),
            ]
            lines.append((inFault ? "▌" : " ") + cells.joined(separator: " "))
        }
        if shown.count < t.buckets.count {
            let how = t.fault != nil && t.buckets.contains(where: t.overlapsFault) ? "those in the fault first, the others evenly spaced" : "evenly spaced"
            lines += TextWrap.lines("(\(shown.count) of \(t.buckets.count) buckets shown, \(how); --format csv lists all)", width: 76).map { "  " + $0 }
        }
        if t.leftOutSeconds > 1e-9 {
            // "(18 s to 18 s)" for 30.8 ms after 18 s: the start alone when the ends read alike.
            let from = FigureFormat.duration(seconds: t.buckets.last?.end ?? 0), to = FigureFormat.duration(seconds: t.runSeconds)
            let span = from == to ? "after \(from)" : "\(from) to \(to)"
            lines += TextWrap.lines("The run's last \(FigureFormat.duration(seconds: t.leftOutSeconds)) (\(span)) are left out: a part bucket, whose rate would read low; a bucket length that divides the run shows it all.", width: 76)
                .map { "  " + $0 }
        }
        if t.fault != nil, shown.contains(where: chart.overlapsFault) {
            lines.append(t.faultWindows.count > 1 ? "  ▌ buckets that overlap a fault" : "  ▌ buckets that overlap the fault")
        } else if t.fault != nil {
            // The legend named a marker no row had (a fault in the left-out tail).
            lines.append("  No bucket shown overlaps the fault: it falls in the part of the run left out")
        }
        lines.append("")
        lines += chart.lines
        return lines.joined(separator: "\n")
    }

    var json: String {
        let t = timeline
        func n(_ v: Double?) -> String { JSONNumber(v) }
        var out = "{\"bucket_s\": \(n(t.bucketSeconds)), \"fault_start_s\": \(n(t.fault?.lowerBound)), \"fault_end_s\": \(n(t.fault?.upperBound)), "
        out += "\"fault_windows\": [" + t.faultWindows.map { "{\"start_s\": \(n($0.lowerBound)), \"end_s\": \(n($0.upperBound))}" }.joined(separator: ", ") + "], "
        out += "\"recovery_s\": \(n(t.recoverySeconds)), \"recovery\": \(t.recovery.map { "\"\($0.name)\"" } ?? "null"), \"settle_s\": \(n(t.settleSeconds)), "
        out += "\"failed_by_fault\": \(t.failedByFault), \"degraded_by_fault\": \(t.degradedByFault), \"slow_by_fault\": \(t.slowByFault), "
            + "\"slow_above_ms\": \(n(t.slowBarSeconds.map { $0 * 1000 })), \"buckets\": ["
        out += t.buckets.map { b in
            "{\"start_s\": \(n(b.start)), \"end_s\": \(n(b.end)), \"completed\": \(b.completed), \"failed\": \(b.failed), \"degraded\": \(b.degraded), "
                + "\"p50_ms\": \(n(b.p50.map { $0 * 1000 })), \"p99_ms\": \(n(b.p99.map { $0 * 1000 })), \"answers_per_s\": \(n(b.throughput))}"
        }.joined(separator: ", ")
        return out + "]}"
    }

    /// The timeline as more rows of the run's `scope,id,metric,value` table (no header: they follow
    /// `SimulationResult.csvText()`, so `--format csv` stays one table). Scope `timeline` (no id):
    /// `bucket_s`, and with a fault `fault_start_s`, `fault_end_s`, `recovery_s` (left out when the run
    /// did not recover, as JSON's `null`), `settle_s`, `failed_by_fault`, `degraded_by_fault`. Scope
    /// `timeline_fault_window`, id a window's start in seconds: `end_s`. Scope `timeline_bucket`,
    /// id the bucket's start in seconds: `end_s`, `completed`, `failed`, `degraded`, `p50_ms`, `p99_ms`
    /// (left out for a bucket without answers) and `answers_per_s`.
    var csvRows: String {
        let t = timeline
        let c = FigureFormat.csvNumber
        var rows = ["timeline,,bucket_s,\(c(t.bucketSeconds))"]
        if let fault = t.fault {
            rows.append("timeline,,fault_start_s,\(c(fault.lowerBound))")
            rows.append("timeline,,fault_end_s,\(c(fault.upperBound))")
            if let recovery = t.recoverySeconds { rows.append("timeline,,recovery_s,\(c(recovery))") }
            rows.append("timeline,,settle_s,\(c(t.settleSeconds))")
            rows.append("timeline,,failed_by_fault,\(t.failedByFault)")
            rows.append("timeline,,degraded_by_fault,\(t.degradedByFault)")
            rows.append("timeline,,slow_by_fault,\(t.slowByFault)")
        }
        for w in t.faultWindows { rows.append("timeline_fault_window,\(c(w.lowerBound)),end_s,\(c(w.upperBound))") }
        for b in t.buckets {
            let row = { (metric: String, value: String) in rows.append("timeline_bucket,\(c(b.start)),\(metric),\(value)") }
            row("end_s", c(b.end))
            row("completed", "\(b.completed)")
            row("failed", "\(b.failed)")
            row("degraded", "\(b.degraded)")
            if let p50 = b.p50 { row("p50_ms", c(p50 * 1000)) }
            if let p99 = b.p99 { row("p99_ms", c(p99 * 1000)) }
            row("answers_per_s", c(b.throughput))
        }
        return rows.joined(separator: "\n") + "\n"
    }
}

private extension String {
    func leftPad(_ width: Int) -> String { count >= width ? self : String(repeating: " ", count: width - count) + self }
}
