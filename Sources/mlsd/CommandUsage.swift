/// The usage lines of commands whose generated one is wider than 80 columns (ArgumentParser wraps
/// help text to the terminal but prints the usage synopsis on one line: capacity's was 159 columns).
/// Each is the generated synopsis broken before an option; ArgumentParser indents the lines after the
/// first under `USAGE: ` (and `Usage: ` in errors), so each line is at most 72 columns here.
/// `CLIConventionTests` checks every command's help fits 80 columns and each usage names every option.
enum CommandUsage {
    static let sweep = """
        mlsd sweep <scenario> --vary <id.key=low...high> [--steps <steps>]
          [--requests <n>] [--seed <seed>] [--jobs <jobs>] [--format <format>]
        """
    static let capacity = """
        mlsd capacity <scenario> [--requests <n>]
          [--replications <replications>] [--seed <seed>]
          [--set <id.key=value> ...] [--jobs <jobs>] [--format <format>]
        """
    static let optimize = """
        mlsd optimize <scenario> [--qps <rate>] [--headroom <percent>]
          [--set <id.key=value> ...] [--requests <n>] [--seed <seed>]
          [--jobs <jobs>] [--format <format>]
        """
    static let sensitivity = """
        mlsd sensitivity <scenario> [--by <percent>] [--qps <rate>]
          [--requests <n>] [--seed <seed>] [--set <id.key=value> ...]
          [--jobs <jobs>] [--format <format>]
        """
    static let export = """
        mlsd export <scenario> [--format <format>] [--annotate]
          [--width <width>] [--direction <direction>] [--seed <seed>]
          [--requests <requests>] [--output <output>]
        """
    static let interview = """
        mlsd interview [<scenario>] [--plan <plan>] [--auto-advance]
          [--design <file>] [--curveballs] [--curveball <name>] [--resume]
          [--report <session>] [--output <output>]
        """
}
