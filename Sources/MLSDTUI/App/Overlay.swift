public import MLSDCore
public import MLSDExport

/// A question or list drawn over the current screen; while one is open it receives the keys.
public enum Overlay: Sendable, Equatable {
    /// `?`: the bindings of the context underneath, filtered by what is typed.
    case help(filter: TextField, context: KeyContext)
    /// `:`: every available action, fuzzy-matched by what is typed.
    case palette(query: TextField, selection: Int, context: KeyContext)
    /// A line of text to type (a path, a share).
    case prompt(Prompt)
    /// A list to choose from (a component kind, a kind of call, an export format).
    case menu(Menu)
    /// A yes/no-style question with lettered answers.
    case confirm(Confirmation)
}

/// A text prompt and what its answer is for.
public struct Prompt: Sendable, Equatable {
    public enum Purpose: Sendable, Equatable {
        case saveAs
        case export(ExportFormat)
        case openFile
        /// The share of requests for a new branch call (or a retyped one).
        case branchShare(source: String, target: String, retyping: CallEdge.Slot?)
        /// Faults to inject, in the CLI's `--down` spelling.
        case fault
    }
    public var title: String
    public var field: TextField
    public var purpose: Purpose
    /// The last refusal, shown under the field.
    public var error: String?
}

/// A list of choices and what the choice is for.
public struct Menu: Sendable, Equatable {
    public enum Purpose: Sendable, Equatable {
        case addComponent
        case insertInFront(of: String)
        case callKind(source: String, target: String)
        case retype(source: String, slot: CallEdge.Slot)
        case exportFormat
    }
    public struct Item: Sendable, Equatable {
        public var title: String
        /// A short column between the title and the detail (a kind's latency), or empty.
        public var lead = ""
        public var detail: String

        public init(title: String, lead: String = "", detail: String) {
            self.title = title
            self.lead = lead
            self.detail = detail
        }
    }
    public var title: String
    /// The items shown: all of them, or those the filter matches.
    public private(set) var items: [Item]
    /// Each shown item's index in ``all``.
    public private(set) var origin: [Int]
    /// Every item, in order.
    public let all: [Item]
    /// Typed after `/`: only items whose title or detail contain it (any case) are shown; nil
    /// when the menu is not being filtered.
    public var filter: String? {
        didSet {
            let f = filter?.lowercased() ?? ""
            // Ranked: the title itself, a title starting with it, a title containing it, then a
            // detail containing it; in the menu's order within each (`/cache` put `cdn`, whose
            // detail says "Edge cache", above `cache`, and enter added a CDN).
            func rank(_ i: Int) -> Int? {
                let title = all[i].title.lowercased()
                if f.isEmpty || title == f { return 0 }
                if title.hasPrefix(f) { return 1 }
                if title.contains(f) { return 2 }
                return all[i].detail.lowercased().contains(f) ? 3 : nil
            }
            origin = all.indices.compactMap { i in rank(i).map { (i, $0) } }.sorted { ($0.1, $0.0) < ($1.1, $1.0) }.map(\.0)
            items = origin.map { all[$0] }
            selection = min(selection, max(items.count - 1, 0))
        }
    }
    public var selection = 0
    public var purpose: Purpose

    public init(title: String, items: [Item], selection: Int = 0, purpose: Purpose) {
        self.title = title
        self.items = items
        all = items
        origin = Array(items.indices)
        self.selection = selection
        self.purpose = purpose
    }
}

/// A question with lettered answers (`s` save, `d` discard, `esc` cancel).
public struct Confirmation: Sendable, Equatable {
    public enum Purpose: Sendable, Equatable {
        /// Quit the app (ctrl-c or q) with unsaved edits.
        case quitWithUnsavedWork
        /// Leave the design for the list with unsaved edits.
        case leaveWithUnsavedWork
        /// Unsaved work from an earlier session was found for the design just opened.
        case recover(OpenedDesign)
        /// An interview was under way when the app last stopped.
        case resumeInterview(InterviewSnapshot)
        /// On start: an interview on another design was under way; `r` opens it and resumes.
        case resumeInterviewOnStart(reference: String, InterviewSnapshot)
        /// A save-as or an export would replace an existing file: `y` does it with this effect.
        case replaceFile(path: String, effect: Effect)
    }
    public struct Answer: Sendable, Equatable {
        public var key: Character
        public var title: String
    }
    public var message: [String]
    public var answers: [Answer]
    public var purpose: Purpose
}
