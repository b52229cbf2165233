import Testing
@testable import MLSDCore

/// The "did you mean" of ids, keys, kinds, commands and options.
@Suite("Suggestions") struct EditDistanceTests {
    @Test func aNearMissIsSuggested() {
        #expect(EditDistance.suggestion(for: "cahce", among: ["cache", "gateway"]) == "cache")
        #expect(EditDistance.suggestion(for: "scorr", among: ["scorer", "features"]) == "scorer")
        #expect(EditDistance.suggestion(for: "x", among: ["xy", "ab"]) == "xy")
    }

    /// `fallback: zz` was asked "did you mean 'a'?": within two edits, but with every letter changed.
    @Test func aCandidateThatKeepsNothingOfTheWordIsNoSuggestion() {
        #expect(EditDistance.suggestion(for: "zz", among: ["a", "b"]) == nil)
        #expect(EditDistance.suggestion(for: "z", among: ["a"]) == nil)
        #expect(EditDistance.suggestion(for: "bogus", among: ["jobs"]) == nil)
    }
}
