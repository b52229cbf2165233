import MLSDCore
import MLSDSim
import Testing

/// The one reader of fault strings, shared by `mlsd simulate --down` and the TUI's fault prompt.
struct FaultInputTests {
    static func design() -> Design {
        var a = Component(id: "scorer", kind: .station)
        a.replicas = 4
        return Design(entry: "scorer", components: [a])
    }

    @Test func addsEveryFaultWhenAllAreGood() throws {
        var options = Simulation.Options()
        try options.addFaults(["scorer=2@1s-3s", "zone:1@4s-5s"], checkedAgainst: Self.design())
        #expect(options.outages == [Outage(id: "scorer", replicasDown: 2, startSeconds: 1, endSeconds: 3), .zone(1, startSeconds: 4, endSeconds: 5)])
        #expect(options.faultWindow == 1...5)
        #expect(Simulation.Options().faultWindow == nil)
    }

    @Test func addsNothingWhenOneIsWrong() {
        var options = Simulation.Options()
        #expect(throws: OutageError("invalid --down 'scorr=2@1s-3s': no component 'scorr' in the design; did you mean 'scorer'?")) {
            try options.addFaults(["scorer=2@1s-3s", "scorr=2@1s-3s"], checkedAgainst: Self.design())
        }
        #expect(options.outages.isEmpty)
    }

    @Test func checksZonesAgainstTheDesignOnlyWhenGivenOne() throws {
        var design = Self.design()
        design.zones = 2
        var options = Simulation.Options()
        #expect(throws: OutageError("invalid --down 'zone:3@1s-2s': the design spans 2 zones (zones: 2); expected zone:1 to zone:2")) {
            try options.addFaults(["zone:3@1s-2s"], checkedAgainst: design)
        }
        try options.addFaults(["zone:3@1s-2s"])
        #expect(options.outages.count == 1, "without a design only the spelling is checked")
    }
}
