#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads a user's text file (a scenario, a theme) with a size limit, and says exactly why it cannot.
///
/// A path that is not a regular file (a directory, a FIFO, a device) is refused before it is
/// opened, so a FIFO can never block the program; a file over the limit is refused before it is
/// read, so a huge file costs no memory; the text must be UTF-8 without NUL bytes, and a problem
/// in it is located at its line and column.
public enum TextFile {
    /// Why a file cannot be used.
    public enum Problem: Error, Hashable, Sendable {
        /// Nothing at that path.
        case notFound
        /// Something there that cannot be opened as a text file: the reason (`is a directory`, `permission denied`, …).
        case cannotOpen(String)
        /// The file was read, but its content is not usable text: where and why (too large, not UTF-8, binary).
        case badContent(line: Int, column: Int, String)

        /// The problem as a ``Diagnostic`` for `path` (content problems are located; the others are at 1:1).
        public func diagnostic(path: String) -> Diagnostic {
            switch self {
            case .notFound: return Diagnostic(.error, at: FileLocation(path: path, line: 1, column: 1), "no such file")
            case .cannotOpen(let reason): return Diagnostic(.error, at: FileLocation(path: path, line: 1, column: 1), "cannot read: \(reason)")
            case .badContent(let line, let column, let reason): return Diagnostic(.error, at: FileLocation(path: path, line: line, column: column), reason)
            }
        }
    }

    /// The text of the file at `path`.
    ///
    /// - Parameters:
    ///   - maximumBytes: the largest file accepted.
    ///   - allowsStreams: also read a FIFO or character device named explicitly (`<(…)`,
    ///     `/dev/stdin`) up to the limit; a FIFO nobody writes to reads as empty. Files found by
    ///     listing a folder are never streams.
    /// - Throws: ``Problem`` saying why the file cannot be used.
    /// - Complexity: O(min(size, maximumBytes)) time and memory.
    public static func read(_ path: String, maximumBytes: Int, allowsStreams: Bool = false) throws(Problem) -> String {
        var info = stat()
        guard stat(path, &info) == 0 else { throw problem(errno) }
        func check(_ mode: mode_t) throws(Problem) {
            let isStream = mode & S_IFMT == S_IFIFO || mode & S_IFMT == S_IFCHR
            if let kind = nonRegularKind(mode), !(allowsStreams && isStream) { throw .cannotOpen("\(kind), not a regular file") }
        }
        try check(info.st_mode)
        // Non-blocking, so that opening a FIFO without a writer cannot hang.
        let fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else { throw problem(errno) }
        defer { close(fd) }
        // The path may have been replaced between stat and open: check what was opened.
        guard fstat(fd, &info) == 0 else { throw problem(errno) }
        try check(info.st_mode)
        if info.st_mode & S_IFMT == S_IFREG, Int(info.st_size) > maximumBytes { throw tooLarge(Int(info.st_size), maximumBytes) }
        // Reads of a stream wait for its writer; with no writer at all, a FIFO reads as end of file.
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK)
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 << 10)
        while true {
            let n = chunk.withUnsafeMutableBytes { readBytes(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw problem(errno)
            }
            if n == 0 { break }
            bytes += chunk[..<n]
            if bytes.count > maximumBytes { throw tooLarge(bytes.count, maximumBytes) }
        }
        return try text(bytes)
    }

    /// Decodes bytes as UTF-8 text, locating the first byte that is not.
    ///
    /// - Throws: ``Problem/badContent(line:column:_:)`` for UTF-16 (by its byte-order mark), a NUL
    ///   byte (binary data) or an invalid UTF-8 sequence.
    /// A UTF-8 byte-order mark (which Windows editors write) is legal YAML and is read as nothing:
    /// the text starts after it, so line 1 column 1 is the first character (a save writes no mark).
    public static func text(_ bytes: [UInt8]) throws(Problem) -> String {
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { return try text(Array(bytes.dropFirst(3))) }
        if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) {
            throw .badContent(line: 1, column: 1, "the file is UTF-16 text; save it as UTF-8")
        }
        var line = 1, column = 1
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            let length = b < 0x80 ? 1 : b >= 0xC2 && b <= 0xDF ? 2 : b >= 0xE0 && b <= 0xEF ? 3 : b >= 0xF0 && b <= 0xF4 ? 4 : 0
            if b == 0 { throw .badContent(line: line, column: column, "the file contains a NUL byte; expected YAML text, not binary data") }
            var valid = length > 0 && i + length <= bytes.count
            if valid && length > 1 {
                for k in 1..<length where bytes[i + k] & 0xC0 != 0x80 { valid = false }
                // Overlong, surrogate and out-of-range forms.
                if valid && b == 0xE0 && bytes[i + 1] < 0xA0 { valid = false }
                if valid && b == 0xED && bytes[i + 1] > 0x9F { valid = false }
                if valid && b == 0xF0 && bytes[i + 1] < 0x90 { valid = false }
                if valid && b == 0xF4 && bytes[i + 1] > 0x8F { valid = false }
            }
            guard valid else {
                throw .badContent(line: line, column: column, "the file is not valid UTF-8 (byte 0x\(String(b, radix: 16, uppercase: true)) at offset \(i)); save it as UTF-8")
            }
            if b == 0x0A { line += 1; column = 1 } else { column += 1 }
            i += length
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    static func tooLarge(_ size: Int, _ limit: Int) -> Problem {
        .badContent(line: 1, column: 1, "the file is \(byteCount(size)) or more; a scenario file is at most \(byteCount(limit))")
    }

    /// `4 MB`, `2.5 GB`, `812 bytes`.
    static func byteCount(_ n: Int) -> String {
        let units: [(Double, String)] = [(0x1p30, "GB"), (0x1p20, "MB"), (0x1p10, "KB")]
        for (size, name) in units where Double(n) >= size {
            let v = Double(n) / size
            let rounded = (v * 10).rounded() / 10
            return (rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)) + " " + name
        }
        return "\(n) bytes"
    }

    static func nonRegularKind(_ mode: mode_t) -> String? {
        switch mode & S_IFMT {
        case S_IFREG: return nil
        case S_IFDIR: return "it is a directory"
        case S_IFIFO: return "it is a FIFO (named pipe)"
        case S_IFCHR, S_IFBLK: return "it is a device"
        case S_IFSOCK: return "it is a socket"
        default: return "it is a special file"
        }
    }

    static func problem(_ code: Int32) -> Problem {
        switch code {
        case ENOENT, ENOTDIR: return .notFound
        case EACCES, EPERM: return .cannotOpen("permission denied")
        case ELOOP: return .cannotOpen("too many levels of symbolic links")
        case ENAMETOOLONG: return .cannotOpen("the path is too long")
        default: return .cannotOpen(String(cString: strerror(code)))
        }
    }
}

/// `read(2)`, under a name the static ``TextFile/read(_:maximumBytes:)`` does not shadow.
private func readBytes(_ fd: Int32, _ buffer: UnsafeMutableRawPointer?, _ count: Int) -> Int { read(fd, buffer, count) }
