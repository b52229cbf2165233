import MLSDCore
import Testing
@testable import MLSDTUI

@Suite("Theme roles") struct ThemeRoleTests {
    @Test func everyStyleRoleHasAThemeKeyInOrder() {
        #expect(StyleRole.allCases.map(\.themeName) == Theme.roleNames)
    }

    @Test(arguments: [(1, 1), (9, 1), (196, 1), (46, 2), (226, 3), (21, 4), (231, 7), (16, 0), (232, 0), (255, 7)])
    func colourIndexesReduceToTheNearestBasicColour(_ index: Int, _ basic: Int) {
        #expect(ColorReduction.basicColor(forIndex: index) == basic)
    }
}
