import MLSDCore
import MLSDTestSupport
import Testing
@testable import MLSDTUI

@Suite("Files: save, save as, recovery") struct FileTests {
    static let file = DesignSource.file(path: "/home/u/designs/fraud.yaml")

    func opened(_ source: DesignSource = FileTests.file) throws -> AppState {
        var s = try AppState.fraudOpen(source: source)
        s.workingDirectory = "/home/u/work"
        s.homeDirectory = "/home/u"
        s.recoveryDirectory = "/home/u/.local/state/mlsd/recovery"
        return s
    }

    /// Opened from its text, a design saves as that text with only the edited value changed (it
    /// re-emitted the whole file: `2d` as `48h`, labels quoted, keys moved, a forty-hunk diff for
    /// one replica), and the next save starts from what was written.
    @Test func saveChangesOnlyTheEditedValueInTheFilesText() throws {
        let entry = try #require(ScenarioLibrary(environment: [:]).entries().first { $0.id == "fraud-detection" })
        let path = "/home/u/designs/fraud.yaml"
        let scenario = try Scenario.parse(yaml: entry.source, path: path).scenario
        var s = AppState(choices: [], terminalSize: Size(width: 100, height: 30))
        _ = s.send(.opened(reference: path, result: .opened(OpenedDesign(scenario: scenario, source: .file(path: path), text: entry.source))))
        s.select("scorer")
        _ = s.send(.key(.character("+")))
        let effects = s.send(.key(.character("s")))
        guard case .write(_, let text, let purpose)? = effects.first else {
            Issue.record("a save writes the file: \(effects)")
            return
        }
        #expect(text == entry.source.replacingOccurrences(of: "      replicas: 12\n", with: "      replicas: 13\n"), "only the scorer's replicas line changes")
        #expect(text.hasSuffix(".\n"), "the file keeps its last newline (the shipped copy had lost it, so a save-as diff had a second hunk)")
        _ = s.send(.written(path: path, purpose: purpose, result: .saved(path: path)))
        #expect(!s.isDirty)
        // The next save starts from the text written.
        _ = s.send(.key(.character("+")))
        guard case .write(_, let second, _)? = s.send(.key(.character("s"))).first else { return }
        #expect(second == entry.source.replacingOccurrences(of: "      replicas: 12\n", with: "      replicas: 14\n"))
        // A key the file does not have goes under the component's kind.
        s.setField("retries", "2")
        guard case .write(_, let third, let thirdPurpose)? = s.send(.key(.character("s"))).first else { return }
        #expect(third == entry.source.replacingOccurrences(of: "      replicas: 12\n", with: "      replicas: 14\n")
            .replacingOccurrences(of: "      kind: model_server\n", with: "      kind: model_server\n      retries: 2\n"))
        _ = s.send(.written(path: path, purpose: thirdPurpose, result: .saved(path: path)))
        // A component added keeps every other line (the file's comments included).
        s.select("scorer")
        _ = s.send(.key(.character("a")))
        _ = s.send(.key(.enter))
        guard case .write(_, let added, let addedPurpose)? = s.send(.key(.character("s"))).first else { return }
        let newID = try #require(s.scenario?.design.components.last?.id)
        #expect(added.contains("\n    \(newID):\n      kind: "), "written as its siblings are: \(added)")
        let kept = third.split(separator: "\n", omittingEmptySubsequences: false)
        let now = Set(added.split(separator: "\n", omittingEmptySubsequences: false))
        #expect(kept.filter { !now.contains($0) }.count <= 1, "at most the scorer's calls line changes")
        #expect(try Scenario.parse(yaml: added, path: path).scenario.yaml() == s.scenario?.yaml())
        _ = s.send(.written(path: path, purpose: addedPurpose, result: .saved(path: path)))
        // The workload too: one line added under the entry.
        _ = s.send(.key(.escape))
        _ = s.send(.key(.character("w")))
        s.setField("qps", "8k/s")
        guard case .write(_, let workload, _)? = s.send(.key(.character("s"))).first else { return }
        #expect(workload == added.replacingOccurrences(of: "  entry: gateway\n", with: "  entry: gateway\n  workload: { qps: 8k/s }\n"))
    }

    @Test func saveWritesToTheFileTheDesignCameFrom() throws {
        var s = try opened()
        _ = s.send(.key(.character("+")))
        let effects = s.send(.key(.character("s")))
        let scenario = try #require(s.scenario)
        #expect(effects == [.write(path: "/home/u/designs/fraud.yaml", text: scenario.yaml(), purpose: .design(scenario))])
        let after = s.send(.written(path: "/home/u/designs/fraud.yaml", purpose: .design(scenario), result: .saved(path: "/home/u/designs/fraud.yaml")))
        #expect(!s.isDirty)
        #expect(s.status == "Saved to ~/designs/fraud.yaml")
        #expect(after.contains(.rememberRecent(path: "/home/u/designs/fraud.yaml")))
    }

    @Test func aShippedScenarioIsNeverOverwrittenSaveAsks() throws {
        var s = try opened(.shipped(id: "fraud-detection"))
        _ = s.send(.key(.character("+")))
        #expect(s.send(.key(.character("s"))) == [])
        guard case .prompt(let prompt)? = s.overlay else {
            Issue.record("s on a shipped scenario asks for a path")
            return
        }
        #expect(prompt.field.text == "~/work/fraud-detection.yaml", "the default is the working directory")
        _ = s.send(.key(.control("u")))
        s.type("mine/fraud-v2")
        let effects = s.send(.key(.enter))
        let scenario = try #require(s.scenario)
        #expect(effects == [.write(path: "/home/u/work/mine/fraud-v2.yaml", text: scenario.yaml(), purpose: .designAs(scenario))])
        _ = s.send(.written(path: "/home/u/work/mine/fraud-v2.yaml", purpose: .designAs(scenario), result: .saved(path: "/home/u/work/mine/fraud-v2.yaml")))
        #expect(s.workbench?.source == .file(path: "/home/u/work/mine/fraud-v2.yaml"), "the next s saves there")
        #expect(s.picker.choices.first?.id == "/home/u/work/mine/fraud-v2.yaml", "and it is a recent file in the picker")
    }

    @Test func saveAsNeverReplacesAFileWithoutAsking() throws {
        var s = try opened(.shipped(id: "fraud-detection"))
        _ = s.send(.key(.character("+")))
        _ = s.send(.key(.character("s")))
        _ = s.send(.key(.control("u")))
        s.type("~/designs/fraud.yaml")
        _ = s.send(.key(.enter))
        let scenario = try #require(s.scenario)
        _ = s.send(.written(path: "/home/u/designs/fraud.yaml", purpose: .designAs(scenario), result: .exists(path: "/home/u/designs/fraud.yaml")))
        #expect(s.isDirty, "nothing was written")
        #expect(s.view().lines.contains { $0.contains("~/designs/fraud.yaml already exists.") })
        #expect(s.send(.key(.escape)) == [], "esc keeps the file")
        _ = s.send(.written(path: "/home/u/designs/fraud.yaml", purpose: .designAs(scenario), result: .exists(path: "/home/u/designs/fraud.yaml")))
        #expect(s.send(.key(.character("y"))) == [.write(path: "/home/u/designs/fraud.yaml", text: scenario.yaml(), purpose: .design(scenario))])
    }

    /// A save-as that fails (a folder that does not exist) brings the prompt back with the path
    /// as typed and the reason: it closed, and the path had to be typed again.
    @Test func aFailedSaveAsKeepsThePathTyped() throws {
        var s = try opened(.shipped(id: "fraud-detection"))
        _ = s.send(.key(.character("+")))
        _ = s.send(.key(.character("s")))
        _ = s.send(.key(.control("u")))
        s.type("~/no-such-folder/fraud.yaml")
        _ = s.send(.key(.enter))
        let scenario = try #require(s.scenario)
        _ = s.send(.written(path: "/home/u/no-such-folder/fraud.yaml", purpose: .designAs(scenario),
                            result: .failed("no folder ~/no-such-folder")))
        guard case .prompt(let prompt)? = s.overlay, prompt.purpose == .saveAs else {
            Issue.record("the save-as prompt is back")
            return
        }
        #expect(prompt.field.text == "~/no-such-folder/fraud.yaml")
        #expect(prompt.error == "not saved: no folder ~/no-such-folder")
        #expect(s.isDirty, "nothing was written")
        // Corrected, it saves.
        _ = s.send(.key(.control("u")))
        s.type("~/fraud.yaml")
        #expect(s.send(.key(.enter)) == [.write(path: "/home/u/fraud.yaml", text: scenario.yaml(), purpose: .designAs(scenario))])
    }

    @Test func exportAsksBeforeReplacingAFile() throws {
        var s = try opened()
        _ = s.send(.key(.character("e")))
        _ = s.send(.key(.character("2")))
        let effects = s.send(.key(.enter))
        guard case .export(let job)? = effects.first else { return }
        #expect(!job.replaceExisting)
        _ = s.send(.exported(path: job.path, result: .exists(path: job.path)))
        var again = job
        again.replaceExisting = true
        #expect(s.send(.key(.character("y"))) == [.export(again)])
    }

    @Test func aFailedSaveSaysWhyAndKeepsTheEdits() throws {
        var s = try opened()
        _ = s.send(.key(.character("+")))
        _ = s.send(.key(.character("s")))
        let scenario = try #require(s.scenario)
        _ = s.send(.written(path: "/x", purpose: .design(scenario), result: .failed("the folder /x does not exist")))
        #expect(s.isDirty)
        #expect(s.view().lines[29].contains("Not saved: the folder /x does not exist"))
    }

    @Test func unsavedEditsAreAutosavedWithinASecondAndRemovedOnceSaved() throws {
        var s = try opened()
        _ = s.send(.tick(now: 100))
        _ = s.send(.key(.character("+")))
        #expect(s.send(.tick(now: 100.5)).isEmpty, "not at once on every key")
        let effects = s.send(.tick(now: 101.1))
        let scenario = try #require(s.scenario)
        let recovery = "/home/u/.local/state/mlsd/recovery/file-%home%u%designs%fraud.yaml.yaml"
        #expect(effects == [.write(path: recovery, text: RecoveryFile.text(yaml: scenario.yaml(), source: FileTests.file), purpose: .recovery)])
        #expect(s.send(.tick(now: 105)).isEmpty, "nothing new to write")
        _ = s.send(.key(.character("u")))
        #expect(s.send(.tick(now: 106)) == [.remove(path: recovery)], "back to clean: the copy goes")
    }

    @Test func aKillSignalWritesTheRecoveryCopyAtOnce() throws {
        var s = try opened()
        _ = s.send(.key(.character("+")))
        let effects = s.send(.terminating)
        guard case .write(_, _, .recovery)? = effects.first else {
            Issue.record("expected a recovery write, got \(effects)")
            return
        }
    }

    /// fraud.yaml as saved, with a recovery copy whose scorer has 12 replicas (8 saved).
    static func designWithRecovery() throws -> OpenedDesign {
        var edited = try AppStateTests.fraud()
        edited.design.components[1].replicas = 12
        return OpenedDesign(scenario: try AppStateTests.fraud(), source: FileTests.file, recovery: edited, recoveryDate: "2026-11-29 10:00:00")
    }

    @Test func openingADesignWithUnsavedWorkOffersToRecoverIt() throws {
        var s = try opened()
        let design = try Self.designWithRecovery()
        _ = s.send(.opened(reference: "fraud.yaml", result: .opened(design)))
        #expect(s.view().lines.contains { $0.contains("Unsaved work on fraud.yaml was found (autosaved 2026-11-29 10:00:00)") })
        _ = s.send(.key(.character("r")))
        #expect(s.scenario?.design["scorer"]?.replicas == 12)
        #expect(s.isDirty, "recovered work is unsaved until s")
        _ = s.send(.key(.character("u")))
        #expect(s.scenario?.design["scorer"]?.replicas == 8, "the recovery is one undo step")
        _ = s.send(.opened(reference: "fraud.yaml", result: .opened(design)))
        let effects = s.send(.key(.character("d")))
        #expect(effects == [.remove(path: "/home/u/.local/state/mlsd/recovery/file-%home%u%designs%fraud.yaml.yaml")])
        #expect(!s.isDirty)
    }

    /// A file changed after its recovery copy was written (another editor): the offer says that
    /// recovering and saving would replace the change (it said nothing, and the change was lost).
    @Test func theRecoveryOfferSaysWhenTheFileChangedAfterIt() throws {
        var s = try opened()
        var design = try Self.designWithRecovery()
        _ = s.send(.opened(reference: "fraud.yaml", result: .opened(design)))
        #expect(!s.view().lines.contains { $0.contains("changed after that") }, "an unchanged file: no word")
        _ = s.send(.key(.escape))
        design.fileChangedAfterRecovery = "2026-11-29 10:05:00"
        _ = s.send(.opened(reference: "fraud.yaml", result: .opened(design)))
        guard case .confirm(let question)? = s.overlay else { Issue.record("no recovery question"); return }
        #expect(question.message.contains("The file was changed after that (2026-11-29 10:05:00): recovering and saving would replace that change."), "\(question.message)")
        #expect(s.view().lines.contains { $0.contains("The file was changed after that (2026-11-29 10:05:00)") })
    }

    /// Esc on the recovery question keeps the copy, and this session never removes or overwrites
    /// it: leaving the design clean removed it, and opening again said "as you left it" (a
    /// walk-through lost a first session's unsaved edits so).
    @Test func aRecoveryCopyKeptWithEscIsNeverRemovedOrOverwritten() throws {
        var s = try opened()
        let design = try Self.designWithRecovery()
        _ = s.send(.opened(reference: "fraud.yaml", result: .opened(design)))
        #expect(s.send(.key(.escape)) == [])
        #expect(s.status?.hasPrefix("The recovery copy is kept") == true)
        #expect(s.scenario?.design["scorer"]?.replicas == 8)
        // Edits are not autosaved over it (a tick seconds later writes nothing)…
        _ = s.send(.key(.character("+")))
        #expect(s.send(.tick(now: s.now + 5)).isEmpty)
        // … nor do undoing them, leaving or quitting without saving remove it.
        _ = s.send(.key(.character("u")))
        #expect(s.send(.tick(now: s.now + 10)).isEmpty)
        let leaving = s.send(.key(.character("q")))
        #expect(!leaving.contains { if case .remove = $0 { return true } else { return false } }, "\(leaving)")
        #expect(s.screen == .picker)
        // Opening again asks again: the design was not kept "as you left it".
        _ = s.send(.opened(reference: "fraud.yaml", result: .opened(design)))
        guard case .confirm(let c)? = s.overlay, case .recover = c.purpose else { Issue.record("asked again: \(String(describing: s.overlay))"); return }
        _ = s.send(.key(.character("r")))
        #expect(s.scenario?.design["scorer"]?.replicas == 12, "the earlier edits come back")
    }

    @Test func ctrlCWithUnsavedWorkAsksLikeQ() throws {
        var s = try opened()
        _ = s.send(.key(.character("+")))
        #expect(s.send(.key(.control("c"))) == [])
        guard case .confirm(let c)? = s.overlay else {
            Issue.record("ctrl-c asks")
            return
        }
        #expect(c.purpose == .quitWithUnsavedWork)
        #expect(s.view().lines.contains { $0.contains("s save and quit") && $0.contains("d quit without saving") })
        let effects = s.send(.key(.character("s")))
        let scenario = try #require(s.scenario)
        #expect(effects == [.write(path: "/home/u/designs/fraud.yaml", text: scenario.yaml(), purpose: .design(scenario))])
        let done = s.send(.written(path: "/home/u/designs/fraud.yaml", purpose: .design(scenario), result: .saved(path: "/home/u/designs/fraud.yaml")))
        #expect(done.last == .quit, "quits once saved")
    }

    /// The question's answers wrap whole: a shipped design's longer "save as… then quit" cut the
    /// row at `esc can` at 80 and at 120 columns.
    @Test(arguments: [Size(width: 80, height: 24), Size(width: 120, height: 40)])
    func theQuitQuestionShowsEveryAnswerWhole(size: Size) throws {
        var s = try opened(.shipped(id: "fraud-detection"))
        _ = s.send(.resize(size))
        _ = s.send(.key(.character("+")))
        _ = s.send(.key(.control("c")))
        let text = s.view().lines.joined(separator: "\n")
        for answer in ["s save as… then quit", "d quit without saving (edits are lost)", "esc cancel"] {
            #expect(text.contains(answer), "\(size.width)×\(size.height): \(answer)\n\(text)")
        }
    }

    @Test func exportAsksForAFormatAndAPathNextToTheDesign() throws {
        var s = try opened()
        _ = s.send(.key(.character("e")))
        _ = s.send(.key(.character("3")))   // markdown
        guard case .prompt(let prompt)? = s.overlay else {
            Issue.record("export asks for a path")
            return
        }
        #expect(prompt.field.text == "~/designs/fraud.md")
        let effects = s.send(.key(.enter))
        guard case .export(let job)? = effects.first else {
            Issue.record("expected an export, got \(effects)")
            return
        }
        #expect(job.path == "/home/u/designs/fraud.md")
        #expect(job.format == .markdown)
        _ = s.send(.exported(path: job.path, result: .saved(path: job.path)))
        #expect(s.status == "Exported to ~/designs/fraud.md")
    }

    @Test func openFilePromptResolvesRelativePaths() throws {
        var s = AppState(choices: [], terminalSize: Size(width: 80, height: 24))
        s.workingDirectory = "/home/u/work"
        s.homeDirectory = "/home/u"
        _ = s.send(.key(.character("o")))
        guard case .prompt(let prompt)? = s.overlay else {
            Issue.record("o asks for a path")
            return
        }
        #expect(prompt.field.text == "~/work/")
        s.type("x.yaml")
        #expect(s.send(.key(.enter)) == [.open("/home/u/work/x.yaml")])
        // It fails: the prompt comes back with the path as typed and the reason in the app's words
        // (it closed, saying "mlsd: error: …; run 'mlsd scenarios' to list them").
        _ = s.send(.opened(reference: "/home/u/work/x.yaml", result: .failed(["mlsd: error: no such file or scenario '/home/u/work/x.yaml'; run 'mlsd scenarios' to list them"])))
        guard case .prompt(let again)? = s.overlay, again.purpose == .openFile else {
            Issue.record("the open prompt is back")
            return
        }
        #expect(again.field.text == "~/work/x.yaml")
        #expect(again.error == "no such file or scenario '/home/u/work/x.yaml'; the scenario list (esc) shows them", "\(again.error ?? "nil")")
    }

    /// A failed export brings its prompt back with the path and the reason, as a failed save-as does.
    @Test func aFailedExportKeepsThePathTyped() throws {
        var s = try opened()
        _ = s.send(.key(.character("e")))
        _ = s.send(.key(.character("3")))   // markdown
        guard case .export(let job)? = s.send(.key(.enter)).first else {
            Issue.record("expected an export")
            return
        }
        _ = s.send(.exported(path: job.path, result: .failed("the folder /home/u/designs does not exist")))
        guard case .prompt(let prompt)? = s.overlay, prompt.purpose == .export(.markdown) else {
            Issue.record("the export prompt is back")
            return
        }
        #expect(prompt.field.text == "~/designs/fraud.md")
        #expect(prompt.error == "not exported: the folder /home/u/designs does not exist")
    }
}
