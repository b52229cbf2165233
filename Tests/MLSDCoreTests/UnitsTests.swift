import Testing
@testable import MLSDCore

@Suite("Units") struct UnitsTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var text: String, value: Double, printed: String
        var testDescription: String { text }
    }

    @Test(arguments: [
        Case(text: "800us", value: 0.0008, printed: "800us"),
        Case(text: "8ms", value: 0.008, printed: "8ms"),
        Case(text: "0.5ms", value: 0.0005, printed: "500us"),
        Case(text: "1.5s", value: 1.5, printed: "1.5s"),
        Case(text: "2m", value: 120, printed: "2m"),
        Case(text: "90s", value: 90, printed: "90s"),
        Case(text: "1h", value: 3600, printed: "1h"),
        Case(text: "0ms", value: 0, printed: "0ms"),
        Case(text: "250ms", value: 0.25, printed: "250ms"),
    ])
    func durations(_ c: Case) throws {
        let t = try #require(TimeSpan(parsing: c.text))
        #expect(abs(t.seconds - c.value) < 1e-12)
        #expect(t.description == c.printed)
        #expect(TimeSpan(parsing: t.description) == t)
    }

    @Test(arguments: [
        Case(text: "500/s", value: 500, printed: "500/s"),
        Case(text: "5k/s", value: 5000, printed: "5k/s"),
        Case(text: "1.2M/s", value: 1_200_000, printed: "1.2M/s"),
        Case(text: "300/min", value: 5, printed: "5/s"),
        Case(text: "30/min", value: 0.5, printed: "30/min"),
        Case(text: "2500/s", value: 2500, printed: "2.5k/s"),
        // The period after the slash in any case (`--qps 5k/S` was refused), but for `/M`.
        Case(text: "5k/S", value: 5000, printed: "5k/s"),
        Case(text: "300/MIN", value: 5, printed: "5/s"),
        Case(text: "30/Min", value: 0.5, printed: "30/min"),
        Case(text: "30/m", value: 0.5, printed: "30/min"),
        Case(text: "18k/H", value: 5, printed: "5/s"),
        Case(text: "1.2M/S", value: 1_200_000, printed: "1.2M/s"),
        // An hourly rate prints per hour (1/h read 0.000278/s in the TUI's workload panel).
        Case(text: "1/h", value: 1.0 / 3600, printed: "1/h"),
        Case(text: "5/h", value: 5.0 / 3600, printed: "5/h"),
        // The shortest exact spelling (999999999 printed "999999.999k/s" in the workload panel).
        Case(text: "999999999/s", value: 999_999_999, printed: "999999999/s"),
        Case(text: "1234567/s", value: 1_234_567, printed: "1234567/s"),
        Case(text: "1500/s", value: 1500, printed: "1.5k/s"),
        Case(text: "2000000/s", value: 2_000_000, printed: "2M/s"),
    ])
    func rates(_ c: Case) throws {
        let r = try #require(Rate(parsing: c.text))
        #expect(abs(r.perSecond - c.value) < 1e-9)
        #expect(r.description == c.printed)
        #expect(Rate(parsing: r.description) == r)
    }

    @Test(arguments: [
        Case(text: "99.9%", value: 0.999, printed: "99.9%"),
        Case(text: "0.1%", value: 0.001, printed: "0.1%"),
        Case(text: "100%", value: 1, printed: "100%"),
        Case(text: "99.95%", value: 0.9995, printed: "99.95%"),
        // More than six decimals print back as typed (six printed 100%).
        Case(text: "99.9999999%", value: 0.999999999, printed: "99.9999999%"),
        Case(text: "0.00000125%", value: 0.0000000125, printed: "0.00000125%"),
    ])
    func percentages(_ c: Case) throws {
        let p = try #require(Percentage(parsing: c.text))
        #expect(abs(p.fraction - c.value) < 1e-12)
        #expect(p.description == c.printed)
        #expect(Percentage(parsing: p.description) == p)
    }

    @Test(arguments: [
        Case(text: "$0.52/h", value: 0.52, printed: "$0.52/h"),
        Case(text: "$40000", value: 40000, printed: "$40000"),
        Case(text: "$40,000", value: 40000, printed: "$40000"),
        Case(text: "$1200/mo", value: 1200, printed: "$1200/mo"),
        Case(text: "$40k", value: 40000, printed: "$40000"),
    ])
    func money(_ c: Case) throws {
        let m = try #require(Money(parsing: c.text))
        #expect(abs(m.dollars - c.value) < 1e-9)
        #expect(m.description == c.printed)
        #expect(Money(parsing: m.description) == m)
    }

    /// A component's `cost` is per replica-hour: `$1200/mo` is $1,200 ÷ 730 an hour (it was read
    /// as $1,200 an hour, a design 730 times dearer); a budget is per month, `$5/h` × 730.
    @Test func moneyPerHourAndPerMonthFollowTheWrittenPeriod() throws {
        let monthly = try #require(Money(parsing: "$1200/mo")), hourly = try #require(Money(parsing: "$5/h")), bare = try #require(Money(parsing: "$40"))
        #expect(abs(monthly.perHour - 1200.0 / 730) < 1e-12 && monthly.perMonth == 1200)
        #expect(hourly.perHour == 5 && hourly.perMonth == 3650)
        #expect(bare.perHour == 40 && bare.perMonth == 40)
        let text = """
            name: cost
            requirements: { monthly_budget: $5/h }
            design:
              entry: a
              workload: { qps: 10/s }
              components:
                a: { kind: cache, replicas: 2, cost: $1200/mo, calls: [{ sequence: [b] }] }
                b: { kind: station, latency: 1ms, cost: "$40000" }
            """
        let scenario = try Scenario.parse(yaml: text, path: "cost.yaml").scenario
        #expect(abs(scenario.design.resolved(try #require(scenario.design["a"]), catalog: .standard).costPerHour - 1200.0 / 730) < 1e-12)
        #expect(scenario.requirements.targets.first { $0.kind == .monthlyBudget }?.target == 3650)
        // A bare amount of $500 or more is read per hour, with a warning naming both spellings.
        let warnings = scenario.validationDiagnostics().filter { $0.severity == .warning }.map(\.description)
        #expect(warnings == ["cost.yaml:8:45: warning: 'cost' $40000 on 'b' is read per replica-hour, $29,200,000 a month for its 1 replica; write $40000/mo for a monthly price, or $40000/h to keep it"])
    }

    @Test(arguments: ["", "ms", "8", "8 ms s", "-5ms", "5x", "1e3ms", "nan ms", "inf s", "..5ms", "5k", "5/week", "99.9", "$", "$abc", "%"])
    func rejectsMalformedText(_ text: String) {
        #expect(TimeSpan(parsing: text) == nil)
        #expect(Rate(parsing: text) == nil)
        #expect(Percentage(parsing: text) == nil)
        #expect(Money(parsing: text) == nil)
    }

    /// `/M` could be the million prefix as well as minutes: refused, with what to write instead.
    @Test func aRatePerCapitalMIsRefusedWithWhatToWrite() {
        #expect(Rate(parsing: "5k/M") == nil)
        #expect(Rate(parsing: "300/M") == nil)
        #expect(Rate.spellingProblem(in: "5k/M") == "'/M' is ambiguous: M is the million prefix (as in 1.2M/s); write 5k/min for per minute")
        #expect(Rate.spellingProblem(in: "5k/s") == nil && Rate.spellingProblem(in: "5/week") == nil && Rate.spellingProblem(in: "/M") == nil)
    }

    /// A compound duration, largest unit first, is the sum of its parts (`--duration 1h30m` was refused).
    @Test func aCompoundDurationIsTheSumOfItsParts() {
        #expect(TimeSpan(parsing: "1h30m")?.seconds == 5_400)
        #expect(TimeSpan(parsing: "2m30s")?.seconds == 150)
        #expect(TimeSpan(parsing: "1d12h")?.seconds == 129_600)
        #expect(TimeSpan(parsing: "1s500ms")?.seconds == 1.5)
        #expect(TimeSpan(parsing: "1h30m")?.description == "90m")
        for text in ["30m1h", "1h1h", "1h30", "1h 30m", "h30m", "1h-30m", "1x30m"] {
            #expect(TimeSpan(parsing: text) == nil, "\(text)")
        }
    }

    @Test func sameValueInDifferentUnitsIsEqual() {
        #expect(TimeSpan(parsing: "500us") == TimeSpan(parsing: "0.5ms"))
        #expect(Rate(parsing: "60/min") == Rate(parsing: "1/s"))
    }
}
