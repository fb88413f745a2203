import CCurl
import CNCursesW
import Testing

/// Proves the two system-library shims compile and link against the Debian packages.
@Suite struct SystemLibraryTests {
    @Test func curlReportsItsVersionAndHTTPSupport() {
        let info = ln_curl_version_info()!.pointee
        #expect(String(cString: info.version).split(separator: ".").count == 3)
        #expect(info.features & CURL_VERSION_LIBZ != 0)
    }

    @Test func ncurseswIsTheWideBuild() {
        let version = String(cString: curses_version())
        #expect(version.hasPrefix("ncurses 6"))
        let wideAdd = wadd_wch  // exists only in the wide-character build
        _ = wideAdd
    }
}
