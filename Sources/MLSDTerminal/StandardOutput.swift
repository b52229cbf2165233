import CNCurses
import Glibc

/// The C standard output stream that `Swift.print` writes through (read through the shim: Swift 6
/// refuses the imported global).
public enum StandardOutput {
    /// Flushes standard output; nil when every write so far reached it, else the `errno` of the
    /// failure (`ENOSPC` for `> /dev/full`, `EPIPE` for a closed pipe), or 0 when an earlier
    /// write failed and its cause was not kept.
    public static func flushFailure() -> Int32? {
        errno = 0
        let out = mlsd_stdout()
        let flushed = fflush(out) == 0
        guard !flushed || ferror(out) != 0 else { return nil }
        return errno
    }
}
