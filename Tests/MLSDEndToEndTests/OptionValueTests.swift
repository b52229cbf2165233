import Foundation
import Testing

/// Option values a new user types: negative numbers and formats in capitals.
@Suite("mlsd option values") struct OptionValueTests {
    /// A negative value reaches the option's own check, which names the value and what is expected
    /// (ArgumentParser alone read `-5` as an option and said "Missing value for '--qps <rate>'").
    @Test(arguments: [
        (["sensitivity", "fraud-detection", "--by", "-20%"], "invalid --by '-20%': expected a percentage from 1% to 90%"),
        (["simulate", "fraud-detection", "--qps", "-5"], "invalid --qps '-5': expected a rate such as 5k/s or 5000"),
        (["simulate", "fraud-detection", "--requests", "-1"], "invalid --requests '-1': expected a positive count"),
        (["simulate", "fraud-detection", "--seed", "-1"], "the value '-1' is invalid for '--seed <seed>': expected a whole number from 0 to 18446744073709551615"),
        (["simulate", "fraud-detection", "--replications", "2", "--jobs", "-2"], "invalid --jobs '-2': expected 1 to 1024"),
        (["simulate", "fraud-detection", "--warmup", "-0.1"], "invalid --warmup '-0.1': expected a fraction from 0 to 0.9"),
        (["simulate", "fraud-detection", "--warmup", "1"], "invalid --warmup '1': expected a fraction from 0 to 0.9"),
        (["simulate", "fraud-detection", "--duration", "-.5s"], "invalid --duration '-.5s'"),
        (["simulate", "--qps", "-5", "--", "fraud-detection"], "invalid --qps '-5'"),
        (["compare", "fraud-detection", "--set", "scorer.replicas=8", "--seed", "-3"], "the value '-3' is invalid for '--seed <seed>'"),
        (["sweep", "fraud-detection", "--vary", "workload.qps=1k/s...2k/s", "--steps", "-3"], "--steps must be from 2 to 1000, not -3"),
        (["sweep", "fraud-detection", "--vary", "workload.qps=1k/s...2k/s", "--jobs", "-3"], "invalid --jobs '-3': expected 1 or more"),
        (["sensitivity", "fraud-detection", "--jobs", "-1"], "invalid --jobs '-1': expected 1 or more"),
        (["capacity", "fraud-detection", "--replications", "-1"], "--replications must be from 1 to 32, not -1"),
        (["capacity", "fraud-detection", "--seed", "-1"], "expected a whole number from 0 to 18446744073709551615"),
        (["optimize", "fraud-detection", "--qps", "-1"], "invalid --qps '-1'"),
        (["simulate", "fraud-detection", "--qps", "5k/M"], "invalid --qps '5k/M': '/M' is ambiguous: M is the million prefix (as in 1.2M/s); write 5k/min for per minute"),
        (["optimize", "fraud-detection", "--qps", "5k/M"], "write 5k/min for per minute"),
        (["optimize", "fraud-detection", "--headroom", "-5%"], "invalid --headroom '-5%': expected a percentage from 0% to 400%"),
        (["export", "fraud-detection", "--width", "-3"], "--width must be at least 20 columns, not -3."),
        // A value out of range says the range, not only an example (101% read "expected a percentage such as 99.9%").
        (["simulate", "fraud-detection", "--set", "requirements.availability=101%"],
         "invalid --set 'requirements.availability=101%': expected a percentage above 0% up to 100% such as 99.9%, or none for 'availability'"),
        (["simulate", "fraud-detection", "--set", "velocity.hit_ratio=0.9"],
         "invalid --set 'velocity.hit_ratio=0.9': expected a percentage from 0% to 100% such as 80% for 'hit_ratio'; write 90% for 0.9"),
        (["simulate", "fraud-detection", "--set", "requirements.monthly_budget=$0"],
         "invalid --set 'requirements.monthly_budget=$0': expected an amount greater than $0 and at most $1,000,000,000,000 such as $40000, or none for 'monthly_budget'"),
    ])
    func negativeValuesGetTheOptionsOwnMessage(_ arguments: [String], _ message: String) throws {
        let result = try BinaryRunner.run(arguments)
        #expect(result.status == 64, "\(arguments): \(result.stderr)")
        #expect(result.stderr.contains(message), "\(arguments): \(result.stderr)")
        #expect(!result.stderr.lowercased().contains("missing value"), "\(arguments): \(result.stderr)")
        #expect(result.stdout.isEmpty, "\(arguments)")
    }

    /// A seed that is not a whole number is refused with what is expected, like a negative one.
    @Test func aSeedThatIsNoWholeNumberSaysWhatIsExpected() throws {
        let result = try BinaryRunner.run(["simulate", "fraud-detection", "--seed", "1.5"])
        #expect(result.status == 64)
        #expect(result.stderr.hasPrefix("mlsd: error: the value '1.5' is invalid for '--seed <seed>': expected a whole number from 0 to 18446744073709551615"), "\(result.stderr)")
    }

    /// A word where a number belongs says which kind of number (ArgumentParser alone said only
    /// "The value 'x' is invalid for '--steps <steps>'").
    @Test(arguments: [
        (["simulate", "fraud-detection", "--replications", "2", "--jobs", "abc"], "The value 'abc' is invalid for '--jobs <n>': expected a whole number such as 4"),
        (["simulate", "fraud-detection", "--replications", "1.5"], "The value '1.5' is invalid for '--replications <n>': expected a whole number"),
        (["simulate", "fraud-detection", "--warmup", "x"], "The value 'x' is invalid for '--warmup <fraction>': expected a number such as 0.1"),
        (["sweep", "fraud-detection", "--vary", "workload.qps=1k/s...2k/s", "--steps", "x"], "The value 'x' is invalid for '--steps <steps>': expected a whole number"),
        (["export", "fraud-detection", "--width", "wide"], "The value 'wide' is invalid for '--width <width>': expected a whole number"),
        (["capacity", "fraud-detection", "--replications", "x"], "The value 'x' is invalid for '--replications <replications>': expected a whole number"),
        (["optimize", "fraud-detection", "--jobs", "all"], "The value 'all' is invalid for '--jobs <jobs>': expected a whole number"),
        (["sensitivity", "fraud-detection", "--jobs", "1e3"], "The value '1e3' is invalid for '--jobs <jobs>': expected a whole number"),
    ])
    func wordsForNumbersSayWhatIsExpected(_ arguments: [String], _ message: String) throws {
        let result = try BinaryRunner.run(arguments)
        #expect(result.status == 64, "\(arguments): \(result.stderr)")
        #expect(result.stderr.hasPrefix("mlsd: error: " + message.prefix(1).lowercased() + message.dropFirst()), "\(arguments): \(result.stderr)")
    }

    /// A component id may start with `-`: `--set -api.replicas=2` and `--vary -api.replicas=1...2`
    /// reach the design (ArgumentParser alone read the value as short options: "Missing value").
    @Test func aChangeToAComponentWhoseIDStartsWithADashIsTaken() throws {
        let design = BinaryRunner.dashDesign
        let set = try BinaryRunner.run(["simulate", "-", "--requests", "2k", "--set", "-api.replicas=2", "--format", "json"], input: design)
        #expect(set.status == 0 && !set.stderr.lowercased().contains("missing value"), "\(set.stderr)")
        let sweep = try BinaryRunner.run(["sweep", "-", "--vary", "-api.replicas=1...2", "--steps", "2", "--requests", "2k"], input: design)
        #expect(sweep.status == 0, "\(sweep.stderr)")
        let down = try BinaryRunner.run(["simulate", "-", "--duration", "3s", "--down", "-api=1@1s-2s"], input: design)
        #expect(down.status == 0, "\(down.stderr)")
    }

    /// `--set id.unique_requests=` takes true, false or none, and refuses anything else with the
    /// key and the values it takes, exit 64 like every bad `--set` (it was an unknown key).
    @Test func uniqueRequestsIsAFlag() throws {
        let bad = try BinaryRunner.run(["simulate", "fraud-detection", "--requests", "2k", "--set", "scorer.unique_requests=maybe"])
        #expect(bad.status == 64)
        #expect(bad.stderr == "mlsd: error: invalid --set 'scorer.unique_requests=maybe': expected true or false, or none for 'unique_requests'\n")
        #expect(bad.stdout.isEmpty)
        for value in ["true", "false", "none"] {
            let ok = try BinaryRunner.run(["simulate", "fraud-detection", "--requests", "2k", "--set", "scorer.unique_requests=\(value)"])
            #expect(ok.status == 0, "\(value): \(ok.stderr)")
        }
    }

    /// A forgotten value is still ArgumentParser's "Missing value": only negative numbers are joined to their option.
    @Test func aMissingValueIsStillMissing() throws {
        let result = try BinaryRunner.run(["simulate", "fraud-detection", "--qps", "--requests", "2k"])
        #expect(result.status == 64)
        #expect(result.stderr.hasPrefix("mlsd: error: missing value for '--qps <rate>'"), "\(result.stderr)")
    }

    @Test func formatNamesAreReadInAnyCase() throws {
        let lower = try BinaryRunner.run(["simulate", "fraud-detection", "--requests", "2k", "--format", "json"])
        let upper = try BinaryRunner.run(["simulate", "fraud-detection", "--requests", "2k", "--format", "JSON"])
        #expect(upper.status == 0, "\(upper.stderr)")
        #expect(upper.stdout == lower.stdout)
        #expect(upper.stdout.hasPrefix("{"))
        let scenarios = try BinaryRunner.run(["scenarios", "--format", "Json"])
        #expect(scenarios.status == 0, "\(scenarios.stderr)")
        #expect(scenarios.stdout.hasPrefix("["))
        let mermaid = try BinaryRunner.run(["export", "fraud-detection", "--format", "MERMAID", "--direction", "Top-To-Bottom"])
        #expect(mermaid.status == 0, "\(mermaid.stderr)")
        #expect(mermaid.stdout == (try BinaryRunner.run(["export", "fraud-detection", "--format", "mermaid", "--direction", "top-to-bottom"])).stdout)
    }

    /// `--qps 5k/S` was refused: the period after the slash is read in any case (`/M` aside, refused above).
    @Test func rateUnitsAreReadInAnyCase() throws {
        let lower = try BinaryRunner.run(["simulate", "fraud-detection", "--requests", "2k", "--qps", "5k/s", "--format", "json"])
        let upper = try BinaryRunner.run(["simulate", "fraud-detection", "--requests", "2k", "--qps", "5k/S", "--format", "json"])
        #expect(upper.status == 0, "\(upper.stderr)")
        #expect(upper.stdout == lower.stdout)
    }

    /// Commands whose runs are long: `--format JSON` is parsed, so the error is the next option's
    /// (checked after parsing), not the format's.
    @Test(arguments: [
        (["capacity", "fraud-detection", "--format", "JSON", "--replications", "0"], "--replications must be from 1 to 32"),
        (["optimize", "fraud-detection", "--format", "JSON", "--requests", "1"], "invalid --requests '1'"),
        (["sensitivity", "fraud-detection", "--format", "JSON", "--by", "0%"], "invalid --by '0%'"),
        (["sweep", "fraud-detection", "--vary", "workload.qps=1k/s...2k/s", "--format", "CSV", "--steps", "1"], "--steps must be from 2 to 1000"),
        (["compare", "fraud-detection", "--format", "Csv", "--requests", "0"], "invalid --requests '0'"),
    ])
    func everyFormatOptionIgnoresCase(_ arguments: [String], _ nextError: String) throws {
        let result = try BinaryRunner.run(arguments)
        #expect(result.status == 64, "\(arguments): \(result.stderr)")
        #expect(result.stderr.contains(nextError), "\(arguments): \(result.stderr)")
        #expect(!result.stderr.contains("is invalid for '--format"), "\(arguments): \(result.stderr)")
    }

    @Test func anUnknownFormatListsTheAcceptedOnes() throws {
        let result = try BinaryRunner.run(["simulate", "fraud-detection", "--format", "xml"])
        #expect(result.status == 64)
        #expect(result.stderr.hasPrefix("mlsd: error: the value 'xml' is invalid for '--format <format>'. Please provide one of 'table', 'json' or 'csv'."), "\(result.stderr)")
    }
}
