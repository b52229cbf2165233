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
        if let fault = t.fault {
            if t.faultWindows.count > 1 {
                let spans = t.faultWindows.map { "\(FigureFormat.duration(seconds: $0.lowerBound)) to \(FigureFormat.duration(seconds: $0.upperBound))" }
                lines += TextWrap.lines(spans.joined(separator: ", "), width: 68).enumerated().map { ($0 == 0 ? "Faults      " : "            ") + $1 }
            } else {
                lines.append("Fault       \(FigureFormat.duration(seconds: fault.lowerBound)) to \(FigureFormat.duration(seconds: fault.upperBound))")
            }
            let ended = t.faultWindows.count > 1 ? "the last fault ended" : "the fault ended"
            lines.append("Recovery    " + (t.recoverySeconds.map { "\(FigureFormat.duration(seconds: $0)) after \(ended) (figures back to before it)" }
                                        ?? "not within the run: make it longer (--duration)"))
            lines += TextWrap.lines("\(FigureFormat.count(t.failedByFault)) requests failed and \(FigureFormat.count(t.degradedByFault)) were answered by a fallback from the fault's start to recovery", width: 68)
                .enumerated().map { ($0 == 0 ? "Cost        " : "            ") + $1 }
        }
        lines.append("")
        lines.append("   FROM        TO     ANSWERS/S  P50 MS   P99 MS  FAILED   DEGRADED")
        let chart = TimelineChart(timeline: t, maximumBuckets: 40)
        let shown = chart.shownBuckets
        for b in shown {
            let inFault = chart.overlapsFault(b)
            let cells = [
                FigureFormat.duration(seconds: b.start).leftPad(7), FigureFormat.duration(seconds: b.end).leftPad(9),
                FigureFormat.rate(perSecond: b.throughput).leftPad(12), (b.p50.map { FigureFormat.milliseconds(seconds: $0) } ?? "–").leftPad(7),
                (b.p99.map { FigureFormat.milliseconds(seconds: $0) } ?? "–").leftPad(8), FigureFormat.percent(b.failedShare).leftPad(7),
                FigureFormat.percent(b.degradedShare).leftPad(10),
            ]
            lines.append((inFault ? "▌" : " ") + cells.joined(separator: " "))
        }
        if shown.count < t.buckets.count { lines.append("  (\(shown.count) of \(t.buckets.count) buckets shown, evenly spaced; --format csv lists all)") }
        if t.leftOutSeconds > 1e-9 {
            lines += TextWrap.lines("The run's last \(FigureFormat.duration(seconds: t.leftOutSeconds)) (\(FigureFormat.duration(seconds: t.buckets.last?.end ?? 0)) to \(FigureFormat.duration(seconds: t.runSeconds))) are left out: a part bucket, whose rate would read low; a bucket length that divides the run shows it all.", width: 76)
                .map { "  " + $0 }
        }
        if t.fault != nil { lines.append("  ▌ buckets that overlap the fault") }
        lines.append("")
        lines += chart.lines(of: shown)
        return lines.joined(separator: "\n")
    }

    var json: String {
        let t = timeline
        func n(_ v: Double?) -> String { JSONNumber(v) }
        var out = "{\"bucket_s\": \(n(t.bucketSeconds)), \"fault_start_s\": \(n(t.fault?.lowerBound)), \"fault_end_s\": \(n(t.fault?.upperBound)), "
        out += "\"fault_windows\": [" + t.faultWindows.map { "{\"start_s\": \(n($0.lowerBound)), \"end_s\": \(n($0.upperBound))}" }.joined(separator: ", ") + "], "
        out += "\"recovery_s\": \(n(t.recoverySeconds)), \"failed_by_fault\": \(t.failedByFault), \"degraded_by_fault\": \(t.degradedByFault), \"buckets\": ["
        out += t.buckets.map { b in
            "{\"start_s\": \(n(b.start)), \"end_s\": \(n(b.end)), \"completed\": \(b.completed), \"failed\": \(b.failed), \"degraded\": \(b.degraded), "
                + "\"p50_ms\": \(n(b.p50.map { $0 * 1000 })), \"p99_ms\": \(n(b.p99.map { $0 * 1000 })), \"answers_per_s\": \(n(b.throughput))}"
        }.joined(separator: ", ")
        return out + "]}"
    }

    var csv: String {
        var rows = ["bucket_start_s,bucket_end_s,completed,failed,degraded,p50_ms,p99_ms,answers_per_s"]
        for b in timeline.buckets {
            let c = FigureFormat.csvNumber
            rows.append([c(b.start), c(b.end), "\(b.completed)", "\(b.failed)", "\(b.degraded)", b.p50.map { c($0 * 1000) } ?? "", b.p99.map { c($0 * 1000) } ?? "", c(b.throughput)].joined(separator: ","))
        }
        return rows.joined(separator: "\n") + "\n"
    }
}

private extension String {
    func leftPad(_ width: Int) -> String { count >= width ? self : String(repeating: " ", count: width - count) + self }
}
