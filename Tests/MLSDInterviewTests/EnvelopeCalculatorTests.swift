import Testing
@testable import MLSDInterview

@Suite(":calc and stated figures") struct EnvelopeCalculatorTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var expression: String
        var result: String
        var testDescription: String { "\(expression) → \(result)" }
    }

    static let cases: [Case] = [
        Case(expression: "2B users * 5 req/day / 86400s", result: "116k/s"),
        Case(expression: "5000*0.02", result: "100"),
        Case(expression: "116k/s * 2KB", result: "232 MB/s (1.86 Gbit/s)"),
        Case(expression: "1B users * 10 KB", result: "10 TB"),
        Case(expression: "3 replicas * $1.2/h * 730h", result: "$2,628"),
        Case(expression: "10M req/day", result: "10M/day (116/s)"),
        Case(expression: "10M req/day * 3", result: "30M/day (347/s)"),
        Case(expression: "1 TB / 100 MB/s", result: "2.78 h"),
        Case(expression: "(2 + 3) * 4k", result: "20k"),
        Case(expression: "5k/s * 86400 s", result: "432M"),
        Case(expression: "50ms + 2 * 20 ms", result: "90 ms"),
        Case(expression: "1 Gbps * 1 h", result: "450 GB"),
        Case(expression: "2.5e3 * 2", result: "5k"),
        Case(expression: "20% * 5k/s", result: "1k/s"),
    ]

    @Test(arguments: cases) func evaluates(_ c: Case) throws {
        #expect(try EnvelopeCalculator.evaluate(c.expression) == c.result)
    }

    @Test(arguments: [
        ("", "nothing to calculate; try :calc 2B users * 5 req/day / 86400s"),
        ("5 +", "the expression ends too early; expected a number"),
        ("5 ms + 3 KB", "cannot add quantities of different units at column 6"),
        ("1 / 0", "division by zero"),
        ("(1 + 2", "the '(' at column 1 is never closed"),
        ("users * 5", "expected a number at column 1, found 'users'"),
        ("5 req/fortnight", "unknown unit '/fortnight' at column 6; expected a time such as /s or /day"),
        ("3 ) 4", "unexpected ') 4' at column 3"),
    ])
    func errorsSayWhere(_ expression: String, _ message: String) {
        #expect(throws: EnvelopeCalculator.CalcError(description: message)) { try EnvelopeCalculator.evaluate(expression) }
    }

    @Test func nothingCrashesOnOddInput() {
        for text in ["((((((", "$$$", "1e999 * 1e999", "-", "5 / / 3", "x x x", "1,,2", String(repeating: "9", count: 400), "2B B B", "٣ * 2"] {
            _ = try? EnvelopeCalculator.evaluate(text)
        }
    }

    /// Random lines of numbers, units, operators and noise: every one is answered or refused, none crashes.
    @Test func randomInputNeverCrashes() {
        let pieces = ["1", "0", "2.5", "1e308", "1e-300", "k", "M", "B", "bn", " ", "users", "req", "/", "/day", "/s", "*", "+", "-", "(", ")",
                      "$", "%", "KB", "GB/s", "Gbps", "ms", "s", "h", "x", "×", ",", ".", "p99", "<", "qps", "replicas", "@", "ē", "漢"]
        var state: UInt64 = 0x9E3779B97F4A7C15
        func next() -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int(truncatingIfNeeded: state >> 33)
        }
        for _ in 0..<3000 {
            let line = (0..<(next() % 12)).map { _ in pieces[next() % pieces.count] }.joined()
            if let r = try? EnvelopeCalculator.evaluate(line) { #expect(!r.isEmpty) }
            _ = NoteFigure.all(in: line)
            _ = NoteReading(line).isBareList
            _ = InterviewCommand(parsing: ":" + line)
        }
        #expect(InterviewSession.clock(.infinity) == "–")
        #expect(InterviewSession.clock(1e300) == "–")
    }

    @Test func figuresAreReadFromNotes() {
        let figures = NoteFigure.all(in: "p99 < 150ms at 5k qps, about $20k/month, 99.95% available on 12 replicas with 2 TB of features")
        #expect(figures.map(\.kind) == [.duration, .rate, .money, .percentage, .replicas, .size])
        #expect(figures.map(\.value) == [0.15, 5000, 20000, 0.9995, 12, 2e12])
        #expect(figures[0].percentile == 99)
        #expect(NoteFigure.all(in: "under 100 ms at p95 please").first?.percentile == 95)
        #expect(figures.map(\.text) == ["150ms", "5k qps", "$20k/month", "99.95%", "12 replicas", "2 TB"])
        #expect(NoteFigure.all(in: "p99 is the metric; x2 faster").isEmpty)
        #expect(NoteFigure.all(in: "about 5k payments per second, 1M users").map(\.kind) == [.rate, .count])
    }

    @Test func commandsAreNeverNotes() {
        #expect(InterviewCommand(parsing: ":calc 5000*0.02") == .calc("5000*0.02"))
        #expect(InterviewCommand(parsing: "  :pause ") == .pause)
        #expect(InterviewCommand(parsing: ":frobnicate") == .unknown("frobnicate"))
        #expect(InterviewCommand(parsing: ":) great") == .note(":) great"))
        #expect(InterviewCommand(parsing: "a note") == .note("a note"))
        #expect(InterviewCommand(parsing: ":notes") == .notes)
        #expect(InterviewCommand.suggestion(for: "note") == ":notes")
        #expect(InterviewCommand.suggestion(for: "nmbers") == ":numbers")
        #expect(InterviewCommand.suggestion(for: "xyzzy") == nil)
    }
}
