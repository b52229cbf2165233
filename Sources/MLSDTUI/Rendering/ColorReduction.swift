/// Maps 256-colour indexes to the eight basic colours for terminals that have only those.
public enum ColorReduction {
    /// The nearest basic colour (0 black … 7 white) for a 256-colour index.
    public static func basicColor(forIndex n: Int) -> Int {
        switch n {
        case 0..<8: return n
        case 8..<16: return n - 8
        case 16..<232:
            let v = n - 16
            let (r, g, b) = (v / 36, (v / 6) % 6, v % 6)
            return (r >= 3 ? 1 : 0) | (g >= 3 ? 2 : 0) | (b >= 3 ? 4 : 0)
        default:
            return n >= 244 ? 7 : 0
        }
    }
}
