import Foundation

/// A child process measured from outside: wall time, and peak resident memory read from `/proc`
/// while it runs (not from `wait4`: a child spawned by this large process would inherit its
/// high-water mark). Standard output goes to /dev/null.
struct Child {
    struct Measured {
        var seconds: Double
        var peakMB: Int
        var status: Int32
        var summary: String { String(format: "%.2f s, peak %d MB", seconds, peakMB) }
    }

    /// Runs `executable`; `environment` nil inherits this process's. Without `measureMemory` it waits
    /// with a blocking `waitpid`, so start-up latencies are not rounded up to the polling interval
    /// (Foundation's `Process` polls too, and would add up to 50 ms).
    static func run(
        _ executable: String, _ arguments: [String], environment: [String]? = ["HOME=/tmp"], measureMemory: Bool = true
    ) throws -> Measured {
        let clock = ContinuousClock()
        let began = clock.now
        let pid = try spawn(executable, arguments, environment: environment)
        var status: Int32 = 0
        var peakKB = 0
        if measureMemory {
            // VmHWM only grows, so a slow poll loses at most the last interval before exit; reading
            // /proc/PID/status takes the child's memory-map lock, which a fast poll would contend for.
            // The first 100 ms are polled every millisecond: a run shorter than one slow interval
            // (validating one body) would otherwise report the memory of a process that had not yet
            // started.
            while waitpid(pid, &status, WNOHANG) == 0 {
                peakKB = max(peakKB, highWaterKB(pid) ?? 0)
                usleep(clock.now - began < .milliseconds(100) ? 1_000 : 20_000)
            }
        } else {
            waitpid(pid, &status, 0)
        }
        let seconds = (clock.now - began).seconds
        let exit = (status & 0x7F) == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
        return Measured(seconds: seconds, peakMB: peakKB / 1024, status: exit)
    }

    /// Starts `executable` with standard output and error to /dev/null, and returns its pid (the
    /// caller waits for it); `environment` nil inherits this process's.
    static func spawn(_ executable: String, _ arguments: [String], environment: [String]? = ["HOME=/tmp"]) throws
        -> pid_t
    {
        var pid: pid_t = 0
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        let variables = environment.map { $0.map { strdup($0) } + [nil] }
        defer { variables?.forEach { free($0) } }
        let started =
            variables.map { posix_spawn(&pid, executable, &actions, nil, argv, $0) }
            ?? posix_spawn(&pid, executable, &actions, nil, argv, environ)
        guard started == 0 else { throw BenchError("cannot start \(executable)") }
        return pid
    }

    /// ``run(_:_:environment:measureMemory:)`` on a thread of its own: a caller in a task (the sync
    /// benchmark, beside the fake upstream it hosts) would otherwise hold one of the two threads the
    /// fake answers on for the whole child's run.
    static func runDetached(_ executable: String, _ arguments: [String], environment: [String]? = ["HOME=/tmp"])
        async throws -> Measured
    {
        try await withCheckedThrowingContinuation { continuation in
            let thread = Thread {
                continuation.resume(with: Result { try run(executable, arguments, environment: environment) })
            }
            thread.start()
        }
    }

    /// `VmHWM` of a running process, in KiB.
    static func highWaterKB(_ pid: pid_t) -> Int? {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return nil }
        guard let line = text.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }) else { return nil }
        return Int(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "")
    }
}
