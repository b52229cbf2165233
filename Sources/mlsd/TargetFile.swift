import Foundation
import MLSDCore
#if canImport(Glibc)
import Glibc
#endif

/// Writes text where the user asked, respecting what is there (issue #13, findings 6 and 7).
///
/// - `-`, `/dev/stdout`, `/dev/fd/1`, `/proc/self/fd/1`: standard output (through ``print``).
/// - A device, a FIFO or a socket (`/dev/null`, a terminal): opened and written directly, never
///   replaced; nothing is created.
/// - A regular file, or nothing yet: written atomically — a temporary file in the same folder,
///   given the old file's mode (and owner, when allowed), then renamed over it — so a reader sees
///   the old content or the new, never half. A file with several hard links is rewritten in place
///   instead, so every link sees the new content.
/// - A symbolic link: followed to its target, which is then written as above (the link stays a
///   link); a link to nowhere is refused with the reason.
/// - A directory: refused.
///
/// The text passes ``SafeText``'s rule on the way, like everything else mlsd writes.
enum TargetFile {
    /// Why a write failed, in words for `mlsd: cannot write '…': <reason>`.
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    static func write(_ text: String, to path: String) throws(Failure) {
        if ["-", "/dev/stdout", "/dev/fd/1", "/proc/self/fd/1"].contains(path) {
            print(text, terminator: "")
            return
        }
        let bytes = Array(SafeText.escaped(text).utf8)
        let target = try resolved(path)
        var info = stat()
        if stat(target, &info) == 0 {
            switch info.st_mode & S_IFMT {
            case S_IFDIR: throw Failure(description: "it is a directory")
            case S_IFREG where info.st_nlink <= 1: try replace(target, with: bytes, keeping: info)
            case S_IFREG: try writeInPlace(target, bytes, flags: O_TRUNC)
            default: try writeInPlace(target, bytes, flags: 0)     // device, FIFO, socket
            }
        } else if errno == ENOENT {
            try replace(target, with: bytes, keeping: nil)
        } else {
            throw Failure(description: reason(errno))
        }
    }

    /// The path with symbolic links in its last component followed (at most 40). A link to
    /// nothing resolves to where it points, so the file is created there.
    static func resolved(_ path: String) throws(Failure) -> String {
        var current = path
        for _ in 0..<40 {
            var info = stat()
            guard lstat(current, &info) == 0, info.st_mode & S_IFMT == S_IFLNK else { return current }
            var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
            let n = readlink(current, &buffer, buffer.count - 1)
            guard n > 0 else { throw Failure(description: reason(errno)) }
            let link = String(decoding: buffer[..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
            current = link.hasPrefix("/") ? link : URL(fileURLWithPath: current).deletingLastPathComponent().path + "/" + link
        }
        throw Failure(description: "too many levels of symbolic links")
    }

    /// Temporary file + rename, with the old file's mode and owner.
    static func replace(_ path: String, with bytes: [UInt8], keeping old: stat?) throws(Failure) {
        let url = URL(fileURLWithPath: path)
        let temporary = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).\(getpid()).tmp").path
        let mode: mode_t = old.map { $0.st_mode & 0o7777 } ?? 0o666
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode)
        guard fd >= 0 else {
            let failure = errno
            // ENOENT for a folder that exists (/proc): it takes no new files, which is what failed.
            var folder = stat()
            if failure == ENOENT, stat(url.deletingLastPathComponent().path, &folder) == 0, folder.st_mode & S_IFMT == S_IFDIR {
                throw Failure(description: "its folder takes no new files (mlsd writes a temporary file beside it first)")
            }
            throw Failure(description: reason(failure))
        }
        var ok = writeAll(fd, bytes)
        var failure = errno
        if ok, let old {
            // open() applied the umask; put the old mode back exactly, and the owner if we may.
            _ = fchown(fd, old.st_uid, old.st_gid)
            if fchmod(fd, old.st_mode & 0o7777) != 0 { ok = false; failure = errno }
        }
        if ok, fsync(fd) != 0 { ok = false; failure = errno }
        close(fd)
        if ok, rename(temporary, path) != 0 { ok = false; failure = errno }
        if !ok {
            unlink(temporary)
            throw Failure(description: reason(failure))
        }
    }

    static func writeInPlace(_ path: String, _ bytes: [UInt8], flags: Int32) throws(Failure) {
        let fd = open(path, O_WRONLY | O_CLOEXEC | O_NOCTTY | flags)
        guard fd >= 0 else { throw Failure(description: reason(errno)) }
        defer { close(fd) }
        guard writeAll(fd, bytes) else { throw Failure(description: reason(errno)) }
    }

    static func writeAll(_ fd: Int32, _ bytes: [UInt8]) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let n = bytes[offset...].withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                return false
            }
            offset += n
        }
        return true
    }

    static func reason(_ code: Int32) -> String {
        switch code {
        case EACCES, EPERM: return "permission denied"
        case ENOENT: return "no such folder"
        case ENOSPC: return "no space left on the device"
        case EROFS: return "read-only file system"
        case EISDIR: return "it is a directory"
        default: return String(cString: strerror(code))
        }
    }
}
