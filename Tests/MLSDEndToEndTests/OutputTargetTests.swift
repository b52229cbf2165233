import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// `-o` respects what is at the path (issue #13, finding 6): a symbolic link is written through, a
/// hard link stays linked, a file keeps its mode, a device is written, never replaced, and `-`,
/// `/dev/stdout` and `/dev/null` work. The TUI's save uses the same writer (`TargetFile`).
@Suite(.serialized) struct OutputTargetTests {
    static func mode(_ path: String) -> mode_t {
        var info = stat()
        lstat(path, &info)
        return info.st_mode
    }

    static func inode(_ path: String) -> ino_t {
        var info = stat()
        stat(path, &info)
        return info.st_ino
    }

    func export(_ target: String) throws -> BoundedRun {
        try BoundedRun.mlsd(["export", "fraud-detection", "--format", "mermaid", "-o", target], deadline: 60)
    }

    @Test func symbolicLinkIsWrittenThroughAndStaysALink() throws {
        let folder = try ScratchFolder()
        defer { folder.remove() }
        let real = try folder.write("real.mmd", "old\n")
        #expect(symlink("real.mmd", folder.path("link.mmd")) == 0)
        let run = try export(folder.path("link.mmd"))
        #expect(run.status == 0, "\(run.summary)")
        #expect(Self.mode(folder.path("link.mmd")) & S_IFMT == S_IFLNK, "the link is still a link")
        #expect(try String(contentsOfFile: real, encoding: .utf8).hasPrefix("flowchart"), "the linked file has the new content")
        // A link to a file not there yet creates it where the link points.
        #expect(symlink("new.mmd", folder.path("dangling.mmd")) == 0)
        #expect(try export(folder.path("dangling.mmd")).status == 0)
        #expect(FileManager.default.fileExists(atPath: folder.path("new.mmd")))
    }

    @Test func hardLinkStaysLinkedAndModeIsKept() throws {
        let folder = try ScratchFolder()
        defer { folder.remove() }
        let a = try folder.write("a.mmd", "old\n")
        #expect(link(a, folder.path("b.mmd")) == 0)
        #expect(try export(a).status == 0)
        #expect(Self.inode(a) == Self.inode(folder.path("b.mmd")))
        #expect(try String(contentsOfFile: folder.path("b.mmd"), encoding: .utf8).hasPrefix("flowchart"))

        let secret = try folder.write("secret.mmd", "old\n")
        chmod(secret, 0o600)
        let before = Self.inode(secret)
        #expect(try export(secret).status == 0)
        #expect(Self.mode(secret) & 0o7777 == 0o600, "mode \(String(Self.mode(secret) & 0o7777, radix: 8))")
        #expect(Self.inode(secret) != before, "a single-link file is replaced atomically (new inode)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.url.path).allSatisfy { !$0.hasSuffix(".tmp") }, "no temporary file left")
    }

    @Test func devicesAndStandardOutputAreWrittenDirectly() throws {
        for target in ["-", "/dev/stdout"] {
            let run = try export(target)
            #expect(run.status == 0 && run.out.hasPrefix("flowchart"), "\(target): \(run.summary)")
        }
        let null = try export("/dev/null")
        #expect(null.status == 0 && null.out.isEmpty, "\(null.summary)")
        #expect(Self.mode("/dev/null") & S_IFMT == S_IFCHR, "/dev/null is still a device")
        let interview = try BoundedRun.mlsd(["interview", "fraud-detection", "-o", "/dev/null"], deadline: 60)
        #expect(interview.status == 0, "\(interview.summary)")
        // As root, a replica of /dev/null in a scratch folder must stay a device.
        if getuid() == 0 {
            let folder = try ScratchFolder()
            defer { folder.remove() }
            var info = stat()
            stat("/dev/null", &info)
            #expect(mknod(folder.path("null"), S_IFCHR | 0o666, info.st_rdev) == 0)
            #expect(try export(folder.path("null")).status == 0)
            #expect(Self.mode(folder.path("null")) & S_IFMT == S_IFCHR, "the device replica is still a device")
        }
    }

    /// `mlsd … > /dev/full`: a report lost on the way out is an error (exit 73, as `-o` to such a
    /// file), never a silent 0; a command that failed keeps its own code.
    @Test(arguments: [["export", "fraud-detection", "--format", "markdown"], ["simulate", "fraud-detection", "--requests", "20k"],
                      ["simulate", "fraud-detection", "--requests", "20k", "--format", "json"], ["scenarios"]])
    func aFullStandardOutputExits73(_ arguments: [String]) throws {
        guard FileManager.default.fileExists(atPath: "/dev/full") else { return }
        let full = try BinaryRunner.run(arguments, standardOutput: "/dev/full")
        #expect(full.status == 73, "\(full.stderr)")
        #expect(full.stderr.hasPrefix("mlsd: error: cannot write the standard output: "), "\(full.stderr)")
        let missing = try BinaryRunner.run(["simulate", "no-such-scenario"], standardOutput: "/dev/full")
        #expect(missing.status == 66)
        let fine = try BinaryRunner.run(arguments, standardOutput: "/dev/null")
        #expect(fine.status == 0 && fine.stderr.isEmpty, "\(fine.stderr)")
    }

    @Test func unwritableTargetsSayWhyAndExit73() throws {
        let folder = try ScratchFolder()
        defer { folder.remove() }
        try FileManager.default.createDirectory(atPath: folder.path("dir"), withIntermediateDirectories: true)
        let dir = try export(folder.path("dir"))
        #expect(dir.status == 73 && dir.err == "mlsd: error: cannot write '\(folder.path("dir"))': it is a directory\n", "\(dir.summary)")
        // A folder that exists but takes no new files (/proc) is not "no such folder".
        if FileManager.default.fileExists(atPath: "/proc/version") {
            let proc = try export("/proc/version")
            // (As root the folder refuses with ENOENT; as another user, EACCES: "permission denied".)
            #expect(proc.status == 73 && proc.err.hasPrefix("mlsd: error: cannot write '/proc/version': ") && !proc.err.contains("no such folder"), "\(proc.summary)")
        }
        let missing = try export(folder.path("no/such/x.mmd"))
        #expect(missing.status == 73 && missing.err == "mlsd: error: cannot write '\(folder.path("no/such/x.mmd"))': no such folder\n", "\(missing.summary)")
    }
}
